package io.ragchat.openai.rest;

/**
 * Examples for the OpenAI-compatible API's OpenAPI document, taken from real answers, so that the
 * annotations on {@link OpenAiResource} stay readable.
 */
final class OpenAiExamples {

    static final String REQUEST = """
            {"model":"ragchat","messages":[{"role":"user","content":"How long is the warranty?"}]}""";

    static final String STREAM_REQUEST = """
            {"model":"ragchat","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"user","content":"How long is the warranty?"}]}""";

    static final String EXTENSION_REQUEST = """
            {"model":"ragchat","messages":[{"role":"user","content":"And for the lid?"}],
             "ragchat":{"conversationId":"4739be59-7cca-42cf-9e69-017c456cedd2","topK":3}}""";

    static final String COMPLETION = """
            {"id":"chatcmpl-ddeece9b-5484-4b86-8dca-0a19dcf102a5","object":"chat.completion","created":1768486120,"model":"ragchat",
             "choices":[{"index":0,"message":{"role":"assistant",
                         "content":"The kettle has a warranty period of 27 months from the date of purchase. [1]"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":188,"completion_tokens":26,"total_tokens":214},
             "ragchat":{"conversationId":"4739be59-7cca-42cf-9e69-017c456cedd2","messageId":"ddeece9b-5484-4b86-8dca-0a19dcf102a5",
                        "provider":"ollama","model":"qwen2.5:0.5b",
                        "sources":[{"documentId":"9136586b-7355-4d9b-b582-136e659e1133","title":"Kettle warranty","chunkId":2,
                                    "score":0.694,"snippet":"The kettle has a warranty period of 27 months from the date of purchase."}]}}""";

    static final String FIRST_CHUNK = """
            data: {"id":"chatcmpl-ddeece9b-5484-4b86-8dca-0a19dcf102a5","object":"chat.completion.chunk","created":1768486120,"model":"ragchat","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"ragchat":{"conversationId":"4739be59-7cca-42cf-9e69-017c456cedd2","messageId":"ddeece9b-5484-4b86-8dca-0a19dcf102a5","provider":"ollama","model":"qwen2.5:0.5b","sources":[{"documentId":"9136586b-7355-4d9b-b582-136e659e1133","title":"Kettle warranty","chunkId":2,"score":0.694,"snippet":"The kettle has a warranty period of 27 months from the date of purchase."}]}}

            """;

    static final String TOKEN_CHUNK = """
            data: {"id":"chatcmpl-ddeece9b-5484-4b86-8dca-0a19dcf102a5","object":"chat.completion.chunk","created":1768486120,"model":"ragchat","choices":[{"index":0,"delta":{"content":"The warranty "},"finish_reason":null}]}

            """;

    static final String LAST_CHUNK = """
            data: {"id":"chatcmpl-ddeece9b-5484-4b86-8dca-0a19dcf102a5","object":"chat.completion.chunk","created":1768486120,"model":"ragchat","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            """;

    static final String USAGE_CHUNK = """
            data: {"id":"chatcmpl-ddeece9b-5484-4b86-8dca-0a19dcf102a5","object":"chat.completion.chunk","created":1768486120,"model":"ragchat","choices":[],"usage":{"prompt_tokens":188,"completion_tokens":26,"total_tokens":214}}

            """;

    static final String DONE = """
            data: [DONE]

            """;

    static final String ERROR_EVENT = """
            data: {"error":{"message":"The language model stopped answering (ragchat.llm.idle-timeout)","type":"server_error","param":null,"code":"upstream_timeout"}}

            """;

    static final String KEEP_ALIVE = """
            : keep-alive

            """;

    static final String INVALID = """
            {"error":{"message":"messages: must hold at least one message","type":"invalid_request_error","param":"messages","code":"invalid_request"}}""";

    static final String TOP_K = """
            {"error":{"message":"topK: must be between 1 and 10","type":"invalid_request_error","param":"topK","code":"invalid_request"}}""";

    static final String MODEL_NOT_FOUND = """
            {"error":{"message":"The model `gpt-4o` does not exist; GET /v1/models lists `ragchat`","type":"invalid_request_error","param":"model","code":"model_not_found"}}""";

    static final String CONVERSATION_NOT_FOUND = """
            {"error":{"message":"No conversation 4739be59-7cca-42cf-9e69-017c456cedd2","type":"invalid_request_error","param":null,"code":"not_found"}}""";

    static final String TOO_LARGE = """
            {"error":{"message":"question: 5210 characters, at most 4000 are accepted (ragchat.chat.max-message-length)","type":"invalid_request_error","param":"messages","code":"request_too_large"}}""";

    static final String RATE_LIMITED = """
            {"error":{"message":"More than 60 questions a minute (bursts of 20, ragchat.limit.questions-per-minute); try again in 1 s","type":"invalid_request_error","param":null,"code":"rate_limit_exceeded"}}""";

    static final String BUSY = """
            {"error":{"message":"You already have 4 answers in progress (ragchat.limit.streams-per-user); ask again when one has ended","type":"server_error","param":null,"code":"service_unavailable"}}""";

    static final String UPSTREAM = """
            {"error":{"message":"The model server closed the connection","type":"server_error","param":null,"code":"upstream_error"}}""";

    static final String MODELS = """
            {"object":"list","data":[{"id":"ragchat","object":"model","created":1768486100,"owned_by":"ragchat",
             "ragchat":{"provider":"ollama","model":"qwen2.5:0.5b",
                        "description":"Answers grounded in the ingested documents, generated by ollama (qwen2.5:0.5b)"}}]}""";

    static final String MODEL = """
            {"id":"ragchat","object":"model","created":1768486100,"owned_by":"ragchat",
             "ragchat":{"provider":"ollama","model":"qwen2.5:0.5b",
                        "description":"Answers grounded in the ingested documents, generated by ollama (qwen2.5:0.5b)"}}""";

    private OpenAiExamples() {
    }
}
