package io.ragchat.document.rest;

import java.util.List;
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

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.ragchat.document.service.DocumentRecord;
import io.ragchat.document.service.DocumentService;
import io.ragchat.document.service.IngestCommand;
import io.ragchat.document.service.IngestResult;
import io.ragchat.problem.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/api/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    static final String MARKDOWN = "text/markdown";

    private final DocumentService documents;

    DocumentResource(DocumentService documents) {
        this.documents = documents;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<IngestResult>> ingest(DocumentRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body {title, content, source?, metadata?} is required");
        }
        return ingested(documents.ingest(new IngestCommand(request.title(), request.source(), MARKDOWN,
                request.content(), request.metadata())));
    }

    /** A Markdown or plain-text body, with its title (and optional source) as query parameters. */
    @POST
    @Consumes({ MARKDOWN, MediaType.TEXT_PLAIN })
    public Uni<RestResponse<IngestResult>> ingestText(String content, @RestQuery String title, @RestQuery String source,
            HttpHeaders headers) {
        String type = headers.getMediaType().isCompatible(MediaType.TEXT_PLAIN_TYPE) ? MediaType.TEXT_PLAIN : MARKDOWN;
        return ingested(documents.ingest(new IngestCommand(title, source, type, content, null)));
    }

    @GET
    public Uni<List<DocumentRecord>> list(@RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit,
            @RestQuery @DefaultValue("0") @Min(0) int offset) {
        return documents.list(limit, offset);
    }

    @GET
    @Path("/{id}")
    public Uni<DocumentRecord> get(@RestPath UUID id) {
        return documents.get(id);
    }

    /** The document's original text, for clients that link a cited source to what it says. */
    @GET
    @Path("/{id}/content")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> content(@RestPath UUID id) {
        return documents.content(id);
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath UUID id) {
        return documents.delete(id).map(ignored -> RestResponse.noContent());
    }

    private static Uni<RestResponse<IngestResult>> ingested(Uni<IngestResult> result) {
        return result.map(r -> r.status() == IngestResult.Status.created
                ? RestResponse.status(RestResponse.Status.CREATED, r)
                : RestResponse.ok(r));
    }
}
