package io.ragchat.document.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragchat.document.parsing.DocumentMediaTypes;
import io.ragchat.document.parsing.FileFormat;
import io.ragchat.document.service.DocumentRecord;
import io.ragchat.document.service.DocumentService;
import io.ragchat.document.service.FileCommand;
import io.ragchat.document.service.IngestCommand;
import io.ragchat.document.service.IngestResult;
import io.ragchat.problem.Problem;
import io.ragchat.problem.ProblemException;
import io.ragchat.security.CurrentCaller;
import io.smallrye.mutiny.Uni;

@Path("/api/documents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "The documents answers are drawn from")
public class DocumentResource {

    static final String MARKDOWN = "text/markdown";

    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final DocumentService documents;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;

    DocumentResource(DocumentService documents, CurrentCaller caller, ObjectMapper mapper) {
        this.documents = documents;
        this.caller = caller;
        this.mapper = mapper;
    }

    // Both POST methods are one operation in the OpenAPI document; it is described here.
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add or replace a document", description = """
            Chunks and embeds the document. A JSON body, or a Markdown (`text/markdown`) or `text/plain` body with \
            `title` and `source` as query parameters, or a file: as the raw body with its media type (PDF, DOCX, \
            PPTX, XLSX, HTML; `title` and `source` as query parameters, the title defaulting to the file's own), or \
            as the `file` part of a `multipart/form-data` form. A PDF's chunks know their page, which sources \
            show. New content under a known `source` replaces that document (200, `replaced`); the same content \
            again changes nothing (200, `unchanged`).""")
    @RequestBody(content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "json", value = DocumentExamples.REQUEST)),
            @Content(mediaType = MARKDOWN, examples = @ExampleObject(name = "markdown", value = DocumentExamples.MARKDOWN)),
            @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = DocumentUpload.class)),
            @Content(mediaType = DocumentMediaTypes.PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = DocumentMediaTypes.DOCX, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = DocumentMediaTypes.PPTX, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = DocumentMediaTypes.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = DocumentMediaTypes.HTML, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "201", description = "Stored as a new document", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResult.class),
            examples = @ExampleObject(name = "created", value = DocumentExamples.CREATED)))
    @APIResponse(responseCode = "200", description = "An existing document: replaced, or unchanged", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResult.class),
            examples = @ExampleObject(name = "unchanged", value = DocumentExamples.UNCHANGED)))
    @APIResponse(responseCode = "400", description = "No title or no content", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "no content", value = DocumentExamples.BAD_REQUEST)))
    @APIResponse(responseCode = "413", description = "Longer than ragchat.document.max-chars")
    @APIResponse(responseCode = "415", description = "Not a format ragchat reads", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A file that is corrupt, encrypted (password-protected) or empty (no text)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "encrypted", value = DocumentExamples.UNREADABLE)))
    public Uni<RestResponse<IngestResult>> ingest(DocumentRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body {title, content, source?, metadata?} is required");
        }
        return ingested(documents.ingest(new IngestCommand(caller.get(), request.title(), request.source(), MARKDOWN,
                request.content(), request.metadata())));
    }

    /** A Markdown or plain-text body, with its title (and optional source) as query parameters. */
    @POST
    @Consumes({ MARKDOWN, MediaType.TEXT_PLAIN })
    public Uni<RestResponse<IngestResult>> ingestText(String content, @RestQuery String title, @RestQuery String source,
            HttpHeaders headers) {
        String type = headers.getMediaType().isCompatible(MediaType.TEXT_PLAIN_TYPE) ? MediaType.TEXT_PLAIN : MARKDOWN;
        return ingested(documents.ingest(new IngestCommand(caller.get(), title, source, type, content, null)));
    }

    /** A file as the raw body, with its media type; title (default: the file's own) and source as query parameters. */
    @POST
    @Consumes({ DocumentMediaTypes.PDF, DocumentMediaTypes.DOCX, DocumentMediaTypes.PPTX, DocumentMediaTypes.XLSX,
            DocumentMediaTypes.HTML })
    public Uni<RestResponse<IngestResult>> ingestFile(byte[] body, @RestQuery String title, @RestQuery String source,
            HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        String mediaType = type.getType() + "/" + type.getSubtype();
        // A wildcard (text/*) is routed here too, as it matches text/html, yet names no format.
        FileFormat format = FileFormat.of(mediaType, null).orElseThrow(() -> unsupported(mediaType));
        return ingested(documents.ingestFile(new FileCommand(caller.get(), title, source, format,
                type.getParameters().get(MediaType.CHARSET_PARAMETER), fileName(source), null, () -> body)));
    }

    /** A file as the {@code file} part of a form, with optional {@code title}, {@code source} and {@code metadata} parts. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<RestResponse<IngestResult>> ingestUpload(DocumentUpload upload) {
        FileUpload file = upload.file;
        if (file == null) {
            throw ProblemException.badRequest("file: a file part is required");
        }
        FileFormat format = FileFormat.of(file.contentType(), file.fileName())
                .orElseThrow(() -> unsupported("file: " + file.fileName() + " (" + file.contentType() + ")"));
        return ingested(documents.ingestFile(new FileCommand(caller.get(), upload.title, upload.source, format,
                file.charSet(), file.fileName(), metadata(upload.metadata), () -> read(file))));
    }

    @GET
    @Operation(summary = "List documents", description = "The most recently added first, without their content.")
    @APIResponse(responseCode = "200", description = "A page of documents", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = DocumentRecord.class),
            examples = @ExampleObject(name = "documents", value = DocumentExamples.DOCUMENTS)))
    @APIResponse(responseCode = "400", description = "limit or offset out of range, or not a whole number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<DocumentRecord>> list(@RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit,
            @RestQuery @DefaultValue("0") @Min(0) int offset) {
        return documents.list(caller.get(), limit, offset);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a document", description = "Its description; GET /api/documents/{id}/content has its text.")
    @APIResponse(responseCode = "200", description = "The document", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentRecord.class),
            examples = @ExampleObject(name = "document", value = DocumentExamples.DOCUMENT)))
    @APIResponse(responseCode = "404", description = "No such document", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "unknown", value = DocumentExamples.NOT_FOUND)))
    public Uni<DocumentRecord> get(@RestPath UUID id) {
        return documents.get(caller.get(), id);
    }

    /** The document's original text, for clients that link a cited source to what it says. */
    @GET
    @Path("/{id}/content")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Get a document's text", description = "As it was sent; for a file, the text extracted from it.")
    @APIResponse(responseCode = "200", description = "The text", content = @Content(
            mediaType = MediaType.TEXT_PLAIN, examples = @ExampleObject(name = "markdown", value = DocumentExamples.MARKDOWN)))
    @APIResponse(responseCode = "404", description = "No such document", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "unknown", value = DocumentExamples.NOT_FOUND)))
    public Uni<String> content(@RestPath UUID id) {
        return documents.content(caller.get(), id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a document", description = "With its chunks; answers already given keep their sources.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such document", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "unknown", value = DocumentExamples.NOT_FOUND)))
    public Uni<RestResponse<Void>> delete(@RestPath UUID id) {
        return documents.delete(caller.get(), id).map(ignored -> RestResponse.noContent());
    }

    private Map<String, Object> metadata(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return mapper.readValue(json, METADATA);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("metadata: must be a JSON object");
        }
    }

    private static ProblemException unsupported(String what) {
        return new ProblemException(415, "Unsupported Media Type", what + " is not PDF, DOCX, PPTX, XLSX, HTML, Markdown or text");
    }

    /** The last segment of a source path or URL, as the file's name. */
    private static String fileName(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        String path = source.strip().replaceAll("[?#].*$", "").replaceAll("/+$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Runs on the worker thread that parses the file. */
    private static byte[] read(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Uni<RestResponse<IngestResult>> ingested(Uni<IngestResult> result) {
        return result.map(r -> r.status() == IngestResult.Status.created
                ? RestResponse.status(RestResponse.Status.CREATED, r)
                : RestResponse.ok(r));
    }
}
