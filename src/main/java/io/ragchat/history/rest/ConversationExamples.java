package io.ragchat.history.rest;

/**
 * Examples for the conversations API's OpenAPI document, so that the annotations on
 * {@link ConversationResource} stay readable.
 */
final class ConversationExamples {

    static final String CONVERSATION = """
            {"id":"4739be59-7cca-42cf-9e69-017c456cedd2","title":"How long is the warranty?",
             "createdAt":"2026-01-15T14:09:01.120616Z","updatedAt":"2026-01-15T14:09:01.138119Z","messages":2}""";

    static final String CONVERSATIONS = """
            [{"id":"4739be59-7cca-42cf-9e69-017c456cedd2","title":"How long is the warranty?",
              "createdAt":"2026-01-15T14:09:01.120616Z","updatedAt":"2026-01-15T14:09:01.138119Z"}]""";

    static final String MESSAGES = """
            [{"id":"86cc625c-b40c-4933-8929-64ee73c8f14f","role":"user","content":"How long is the warranty?","status":"complete",
              "createdAt":"2026-01-15T14:09:01.120616Z"},
             {"id":"ddeece9b-5484-4b86-8dca-0a19dcf102a5","role":"assistant",
              "content":"The kettle has a warranty period of 27 months from the date of purchase. [1]","status":"complete",
              "provider":"ollama","model":"qwen2.5:0.5b",
              "sources":[{"documentId":"9136586b-7355-4d9b-b582-136e659e1133","title":"Kettle warranty","chunkId":2,"score":0.694,
                          "snippet":"The kettle has a warranty period of 27 months from the date of purchase."}],
              "timings":{"embeddingMs":9,"retrievalMs":33,"historyMs":0,"firstTokenMs":51,"llmMs":41,"totalMs":93},
              "usage":{"promptTokens":188,"completionTokens":26},"createdAt":"2026-01-15T14:09:01.138119Z"}]""";

    static final String NOT_FOUND = """
            {"type":"about:blank","title":"Not Found","status":404,"detail":"No conversation 4739be59-7cca-42cf-9e69-017c456cedd2",
             "instance":"/api/conversations/4739be59-7cca-42cf-9e69-017c456cedd2/messages"}""";

    private ConversationExamples() {
    }
}
