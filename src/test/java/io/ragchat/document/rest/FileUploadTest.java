package io.ragchat.document.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.document.parsing.TestFiles;
import io.ragchat.testing.Database;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Files as companies keep documents (PDF, DOCX, PPTX, XLSX, HTML), uploaded raw and as forms, into chunks that know their place. */
@QuarkusTest
class FileUploadTest {

    static final String PDF = "application/pdf";
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    Database db;

    @Inject
    Pool pool;

    /** A chunk as stored: its heading path, page and text. */
    record StoredChunk(String heading, Integer page, String content) {
    }

    @Test
    void aPdfsChunksKnowTheirPageAndAnAnswerCitesIt() {
        String word = unique("lighthouse");
        byte[] pdf = TestFiles.pdf(List.of(
                List.of("Kettle warranty terms.", "The kettle warranty lasts 27 months from purchase."),
                List.of("Storm log.", "The " + word + " keeper writes every storm into the red ledger.")));

        String id = given().contentType(PDF).queryParam("source", "manuals/" + word + ".pdf").body(pdf)
                .post("/api/documents")
                .then().statusCode(201).body("chunks", greaterThan(1))
                .body("title", is(word + ".pdf"))
                .extract().path("id");

        List<StoredChunk> chunks = chunks(id);
        assertThat(chunks).extracting(StoredChunk::page).containsOnly(1, 2);
        assertThat(chunks).filteredOn(c -> c.content().contains("27 months")).extracting(StoredChunk::page).containsOnly(1);
        assertThat(chunks).filteredOn(c -> c.content().contains(word)).extracting(StoredChunk::page).containsOnly(2);
        given().get("/api/documents/" + id).then().body("contentType", is(PDF));
        given().get("/api/documents/" + id + "/content").then().statusCode(200).body(containsString("red ledger"));

        var answer = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("message", "Where does the " + word + " keeper write every storm?"))
                .post("/api/chat").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> sources = answer.getList("sources");
        assertThat(sources).filteredOn(s -> id.equals(s.get("documentId")))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.get("page")).isEqualTo(2));
    }

    @Test
    void aWordDocumentsHeadingStylesBecomeTheHeadingPath() {
        String word = unique("descaling");
        byte[] docx = TestFiles.docx(List.of("# Kettle manual", "Fill the kettle to the line.", "## Descaling",
                "Descale monthly with the " + word + " vinegar.", "## Cleaning", "Wipe the outside with a damp cloth."));

        String id = given().multiPart("file", "kettle.docx", docx, DOCX).multiPart("title", "Kettle manual (Word)")
                .multiPart("metadata", "{\"team\":\"kitchen\"}")
                .post("/api/documents")
                .then().statusCode(201).body("title", is("Kettle manual (Word)")).extract().path("id");

        List<StoredChunk> chunks = chunks(id);
        assertThat(chunks).filteredOn(c -> c.content().contains(word)).extracting(StoredChunk::heading)
                .containsOnly("Kettle manual > Descaling");
        assertThat(chunks).filteredOn(c -> c.content().contains("damp cloth")).extracting(StoredChunk::heading)
                .containsOnly("Kettle manual > Cleaning");
        assertThat(chunks).extracting(StoredChunk::page).containsOnlyNulls();
        given().get("/api/documents/" + id).then().body("contentType", is(DOCX)).body("metadata.team", is("kitchen"));
    }

    @Test
    void aDecksSlideTitlesBecomeHeadings() {
        String word = unique("roadmap");
        byte[] pptx = TestFiles.pptx(List.of(List.of("Quarterly plan", "Ship the " + word + " in March."),
                List.of("Risks", "Suppliers may be late.")));

        String id = given().contentType(PPTX).queryParam("title", "Plan deck").body(pptx).post("/api/documents")
                .then().statusCode(201).extract().path("id");

        List<StoredChunk> chunks = chunks(id);
        assertThat(chunks).filteredOn(c -> c.content().contains(word)).extracting(StoredChunk::heading)
                .containsOnly("Quarterly plan");
        assertThat(chunks).filteredOn(c -> c.content().contains("Suppliers")).extracting(StoredChunk::heading)
                .containsOnly("Risks");
        assertThat(chunks).noneMatch(c -> c.content().contains("Quarterly plan"));
    }

    @Test
    void aWorkbooksSheetNamesBecomeHeadingsAndItsRowsText() {
        String word = unique("kettle");
        byte[] xlsx = TestFiles.xlsx("Prices", List.of(List.of("Item", "Price"), List.of(word, "40")));

        String id = given().multiPart("file", "prices.xlsx", xlsx, XLSX).post("/api/documents")
                .then().statusCode(201).body("title", is("prices.xlsx")).extract().path("id");

        assertThat(chunks(id)).filteredOn(c -> c.content().contains(word + " | 40")).extracting(StoredChunk::heading)
                .containsOnly("Prices");
    }

    @Test
    void aWebPageGivesItsMainContentNotItsNavigation() {
        String word = unique("pantograph");
        String html = """
                <!doctype html><html><head><title>Tram maintenance</title><style>p{color:red}</style></head><body>
                <nav><a href="/">Home</a> <a href="/menu">Sitemap of everything</a></nav>
                <header>Site banner</header>
                <main><h1>Trams</h1><p>Intro.</p><h2>Pantograph</h2><p>Check the %s weekly.</p>
                <ul><li>Carbon strip</li><li>Springs</li></ul>
                <table><tr><th>Part</th><th>Interval</th></tr><tr><td>Strip</td><td>2 weeks</td></tr></table></main>
                <footer>Copyright footer</footer><script>var tracking = 1;</script></body></html>""".formatted(word);

        String id = given().contentType("text/html; charset=utf-8").body(html.getBytes(StandardCharsets.UTF_8))
                .post("/api/documents")
                .then().statusCode(201).body("title", is("Tram maintenance")).extract().path("id");

        List<StoredChunk> chunks = chunks(id);
        assertThat(chunks).filteredOn(c -> c.content().contains(word)).extracting(StoredChunk::heading)
                .containsOnly("Trams > Pantograph");
        String content = given().get("/api/documents/" + id + "/content").then().statusCode(200).extract().asString();
        assertThat(content).contains("# Trams", "## Pantograph", "- Carbon strip", "Strip | 2 weeks")
                .doesNotContain("Sitemap", "banner", "Copyright", "tracking", "color");
    }

    @Test
    void aPdfUploadedAsAFormIsTheSameAsOneSentRaw() {
        String word = unique("ferry");
        byte[] pdf = TestFiles.pdf(List.of(List.of("The " + word + " leaves at nine."), List.of("It returns at five.")));

        String id = given().multiPart("file", "timetable.pdf", pdf, "application/octet-stream")
                .post("/api/documents")
                .then().statusCode(201).body("title", is("timetable.pdf")).extract().path("id");

        assertThat(chunks(id)).extracting(StoredChunk::page).containsExactly(1, 2);
        given().contentType(PDF).body(pdf).queryParam("title", "timetable.pdf").post("/api/documents")
                .then().statusCode(200).body("status", is("unchanged")).body("id", is(id));
    }

    @Test
    void corruptEncryptedAndEmptyFilesAreRefusedAndNothingIsStored() {
        byte[] corrupt = ("%PDF-1.7\n" + "not a PDF object ".repeat(100)).getBytes(StandardCharsets.US_ASCII);
        byte[] encrypted = TestFiles.encryptedPdf(List.of(List.of("Secret salaries.")), "hunter2");
        byte[] empty = TestFiles.pdf(List.of(List.of(), List.of()));
        long documents = db.documents();

        refused(given().contentType(PDF).body(corrupt), "corrupt");
        refused(given().contentType(PDF).body(encrypted), "encrypted");
        refused(given().contentType(PDF).body(empty), "empty");
        refused(given().multiPart("file", "salaries.pdf", encrypted, PDF), "encrypted");
        refused(given().contentType(DOCX).body("not a zip at all".getBytes(StandardCharsets.UTF_8)), "corrupt");

        assertThat(db.documents()).isEqualTo(documents);
    }

    @Test
    void aFileOfAnotherFormatIsUnsupported() {
        given().multiPart("file", "photo.png", new byte[] { (byte) 0x89, 'P', 'N', 'G' }, "image/png")
                .post("/api/documents")
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType("application/zip").body(new byte[] { 'P', 'K', 3, 4 }).post("/api/documents")
                .then().statusCode(415);
    }

    @Test
    void aFormWithoutItsPartsOrItsClosingBoundaryIsABadRequest() {
        long before = db.documents();
        for (String body : List.of("", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.md\"\r\n\r\n# A")) {
            given().contentType("multipart/form-data; boundary=x").body(body.getBytes(StandardCharsets.UTF_8)).post("/api/documents")
                    .then().statusCode(400).contentType("application/problem+json").body("status", is(400));
        }
        assertThat(db.documents()).isEqualTo(before);
    }

    private static void refused(RequestSpecification request, String which) {
        request.queryParam("title", "Refused").post("/api/documents")
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", is(422))
                .body("detail", containsString(which));
    }

    private List<StoredChunk> chunks(String documentId) {
        return pool.preparedQuery("SELECT heading, page, content FROM chunk WHERE document_id = $1 ORDER BY ordinal")
                .execute(Tuple.of(UUID.fromString(documentId)))
                .map(rows -> {
                    List<StoredChunk> chunks = new ArrayList<>();
                    for (Row row : rows) {
                        chunks.add(new StoredChunk(row.getString("heading"), row.getInteger("page"), row.getString("content")));
                    }
                    return chunks;
                })
                .await().atMost(Duration.ofSeconds(10));
    }

    private static String unique(String word) {
        return word + UUID.randomUUID().toString().substring(0, 8);
    }
}
