package io.ragchat.chat.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragchat.history.service.SourceRef;
import io.ragchat.problem.Problem;

/**
 * The events of one answer, in the order a client receives them: {@code meta}, {@code status}
 * ({@code retrieving}), {@code sources}, {@code status} ({@code generating}), {@code token}..., then
 * {@code done} or {@code error}. {@link #name()} is the SSE event name and {@link #data()} its JSON payload.
 */
public sealed interface ChatEvent {

    String name();

    default Object data() {
        return this;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Meta(UUID conversationId, UUID messageId, String provider, String model, String note) implements ChatEvent {
        public String name() {
            return "meta";
        }
    }

    record Status(String stage) implements ChatEvent {
        public static final Status RETRIEVING = new Status("retrieving");
        public static final Status GENERATING = new Status("generating");

        public String name() {
            return "status";
        }
    }

    record Sources(List<SourceRef> sources) implements ChatEvent {
        public String name() {
            return "sources";
        }

        @Override
        public Object data() {
            return sources;
        }
    }

    record Token(String text) implements ChatEvent {
        public String name() {
            return "token";
        }
    }

    /** Per-stage milliseconds, token counts, and whether the question's vector came from the cache. */
    record Done(Map<String, Long> timings, Map<String, Integer> usage, boolean embeddingCached) implements ChatEvent {
        public String name() {
            return "done";
        }
    }

    record Failed(Problem problem) implements ChatEvent {
        public String name() {
            return "error";
        }

        @Override
        public Object data() {
            return problem;
        }
    }
}
