package io.ragchat.document.parsing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A format ragchat reads, by its media type and its file name's extensions. */
public enum FileFormat {

    MARKDOWN(DocumentMediaTypes.MARKDOWN, "Markdown", ".md", ".markdown"),
    TEXT(DocumentMediaTypes.TEXT, "text", ".txt"),
    HTML(DocumentMediaTypes.HTML, "HTML", ".html", ".htm"),
    PDF(DocumentMediaTypes.PDF, "PDF", ".pdf"),
    DOCX(DocumentMediaTypes.DOCX, "DOCX", ".docx"),
    PPTX(DocumentMediaTypes.PPTX, "PPTX", ".pptx"),
    XLSX(DocumentMediaTypes.XLSX, "XLSX", ".xlsx");

    private final String mediaType;
    private final String label;
    private final List<String> extensions;

    FileFormat(String mediaType, String label, String... extensions) {
        this.mediaType = mediaType;
        this.label = label;
        this.extensions = List.of(extensions);
    }

    public String mediaType() {
        return mediaType;
    }

    /** How a problem names the file: "the PDF file". */
    String label() {
        return label;
    }

    /**
     * The format of a file with this media type (parameters ignored); when the type says nothing (absent, or
     * {@code application/octet-stream}, as clients send files they do not know), the one its name's extension
     * names.
     */
    public static Optional<FileFormat> of(String mediaType, String fileName) {
        String type = mediaType == null ? "" : mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("application/octet-stream")) {
            for (FileFormat format : values()) {
                if (format.mediaType.equals(type)) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        for (FileFormat format : values()) {
            if (format.extensions.stream().anyMatch(name::endsWith)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
