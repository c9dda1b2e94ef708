package io.ragchat.document.parsing;

/** The media types of the files ragchat reads besides Markdown and plain text. */
public final class DocumentMediaTypes {

    public static final String PDF = "application/pdf";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String TEXT = "text/plain";

    private DocumentMediaTypes() {
    }
}
