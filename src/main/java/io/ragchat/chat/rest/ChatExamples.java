package io.ragchat.chat.rest;

/**
 * Examples for the chat API's OpenAPI document, taken from a real answer (extractive provider), so that the
 * annotations on {@link ChatResource} stay readable.
 */
final class ChatExamples {

    static final String REQUEST = """
            {"message": "How long is the warranty?", "topK": 2}""";

    static final String META = """
            event:meta
            data:{"conversationId":"4739be59-7cca-42cf-9e69-017c456cedd2","messageId":"ddeece9b-5484-4b86-8dca-0a19dcf102a5","provider":"ollama","model":"qwen2.5:0.5b"}
            """;

    static final String STATUS = """
            event:status
            data:{"stage":"retrieving"}
            """;

    static final String SOURCES = """
            event:sources
            data:[{"documentId":"9136586b-7355-4d9b-b582-136e659e1133","title":"Kettle warranty","chunkId":2,"score":0.694,"snippet":"The kettle has a warranty period of 27 months from the date of purchase."}]
            """;

    static final String TOKEN = """
            event:token
            data:{"text":"The warranty "}
            """;

    static final String DONE = """
            event:done
            data:{"timings":{"embeddingMs":9,"retrievalMs":33,"historyMs":0,"firstTokenMs":51,"llmMs":41,"totalMs":93},"usage":{"promptTokens":188,"completionTokens":26},"embeddingCached":true}
            """;

    static final String ERROR = """
            event:error
            data:{"type":"about:blank","title":"Gateway Timeout","status":504,"detail":"The language model stopped answering (ragchat.llm.idle-timeout)"}
            """;

    static final String KEEP_ALIVE = """
            :keep-alive
            """;

    static final String TEXT = "The kettle has a warranty period of 27 months from the date of purchase. [1]";

    static final String ANSWER = """
            {"conversationId":"4739be59-7cca-42cf-9e69-017c456cedd2","messageId":"ddeece9b-5484-4b86-8dca-0a19dcf102a5",
             "provider":"ollama","model":"qwen2.5:0.5b",
             "answer":"The kettle has a warranty period of 27 months from the date of purchase. [1]",
             "sources":[{"documentId":"9136586b-7355-4d9b-b582-136e659e1133","title":"Kettle warranty","chunkId":2,"score":0.694,
                         "snippet":"The kettle has a warranty period of 27 months from the date of purchase."}],
             "timings":{"embeddingMs":9,"retrievalMs":33,"historyMs":0,"firstTokenMs":51,"llmMs":41,"totalMs":93},
             "usage":{"promptTokens":188,"completionTokens":26}}""";

    static final String BAD_REQUEST = """
            {"type":"about:blank","title":"Bad Request","status":400,"detail":"message: must not be blank","instance":"/api/chat","violations":[{"field":"message","message":"must not be blank"}]}""";

    static final String UNKNOWN_CONVERSATION = """
            {"type":"about:blank","title":"Not Found","status":404,"detail":"No conversation 00000000-0000-0000-0000-000000000001","instance":"/api/chat"}""";

    static final String TOO_MANY_REQUESTS = """
            {"type":"about:blank","title":"Too Many Requests","status":429,"detail":"More than 60 questions a minute (bursts of 20, ragchat.limit.questions-per-minute); try again in 1 s","instance":"/api/chat"}""";

    static final String BUSY = """
            {"type":"about:blank","title":"Service Unavailable","status":503,"detail":"You already have 4 answers in progress (ragchat.limit.streams-per-user); ask again when one has ended","instance":"/api/chat"}""";

    private ChatExamples() {
    }
}
