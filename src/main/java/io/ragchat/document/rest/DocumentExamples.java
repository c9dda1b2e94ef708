package io.ragchat.document.rest;

/** Examples for the documents API's OpenAPI document, so that the annotations on {@link DocumentResource} stay readable. */
final class DocumentExamples {

    static final String REQUEST = """
            {"title":"Kettle warranty","source":"handbook/warranty.md",
             "content":"# Kettle warranty\\n\\nThe kettle has a warranty period of 27 months from the date of purchase.",
             "metadata":{"team":"support"}}""";

    static final String MARKDOWN = """
            # Kettle warranty

            The kettle has a warranty period of 27 months from the date of purchase.
            """;

    static final String CREATED = """
            {"id":"9136586b-7355-4d9b-b582-136e659e1133","title":"Kettle warranty","source":"handbook/warranty.md","chunks":3,
             "contentHash":"71d824fec29c245363e810720b7dd13c729cf6788458568283d965c689c1f0fe","status":"created"}""";

    static final String UNCHANGED = """
            {"id":"9136586b-7355-4d9b-b582-136e659e1133","title":"Kettle warranty","source":"handbook/warranty.md","chunks":3,
             "contentHash":"71d824fec29c245363e810720b7dd13c729cf6788458568283d965c689c1f0fe","status":"unchanged"}""";

    static final String DOCUMENT = """
            {"id":"9136586b-7355-4d9b-b582-136e659e1133","title":"Kettle warranty","source":"handbook/warranty.md",
             "contentType":"text/markdown","contentHash":"71d824fec29c245363e810720b7dd13c729cf6788458568283d965c689c1f0fe",
             "metadata":{"team":"support"},"chunks":3,"embeddingModel":"all-minilm-l6-v2",
             "createdAt":"2026-01-15T14:08:40.126528Z","updatedAt":"2026-01-15T14:08:40.126528Z"}""";

    static final String DOCUMENTS = "[" + DOCUMENT + "]";

    static final String BAD_REQUEST = """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"content: must not be blank","instance":"/api/documents"}""";

    static final String UNREADABLE = """
            {"type":"about:blank","title":"Unprocessable Content","status":422,
             "detail":"file: the PDF file is encrypted (password-protected); send it without the password","instance":"/api/documents"}""";

    static final String NOT_FOUND = """
            {"type":"about:blank","title":"Not Found","status":404,"detail":"No document 9136586b-7355-4d9b-b582-136e659e1133",
             "instance":"/api/documents/9136586b-7355-4d9b-b582-136e659e1133"}""";

    private DocumentExamples() {
    }
}
