package io.ragchat.document.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import jakarta.ws.rs.core.MediaType;

/** A document sent as a file in a {@code multipart/form-data} form. */
public class DocumentUpload {

    @RestForm
    @Schema(type = SchemaType.STRING, format = "binary", required = true,
            description = "PDF, DOCX, PPTX, XLSX, HTML, Markdown or text; its media type, else its extension, says which")
    public FileUpload file;

    @RestForm
    @PartType(MediaType.TEXT_PLAIN)
    @Schema(description = "Shown with every answer that cites this document; default: the file's own title, else its name")
    public String title;

    @RestForm
    @PartType(MediaType.TEXT_PLAIN)
    @Schema(description = "A stable name (path, URL); new content under a known source replaces that document")
    public String source;

    @RestForm
    @PartType(MediaType.TEXT_PLAIN)
    @Schema(description = "A JSON object of free-form attributes; a question may filter on them", example = "{\"team\":\"support\"}")
    public String metadata;
}
