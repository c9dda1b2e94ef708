package io.ragchat.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.ragchat.testing.OtlpCollector;
import io.ragchat.testing.SseClient;
import io.ragchat.testing.SseClient.Event;
import io.ragchat.testing.llm.InjectLlmSimulator;
import io.ragchat.testing.llm.LlmSimulator;
import io.ragchat.testing.RemoteServicesProfile;
import io.restassured.http.ContentType;

/**
 * With an OTLP endpoint configured (and reranking on: the profile is the reranking tests'), one question is one trace: the request's server span, a span per stage
 * under it, the model's HTTP request under the generation span, and the history commit that happens after
 * the answer; and the spans reach the collector.
 */
@QuarkusTest
@TestProfile(RemoteServicesProfile.class)
class TracingTest {

    @Inject
    RecordedSpans spans;

    @InjectLlmSimulator
    LlmSimulator simulator;

    @TestHTTPResource("/api/chat")
    URL chat;

    @Test
    void oneQuestionIsOneTraceWithASpanPerStage() {
        String word = "kakapo" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("title", "Parrots", "content", "The " + word + " is a night parrot."))
                .post("/api/documents").then().statusCode(201);

        List<Event> events = SseClient.post(URI.create(chat.toString()), "{\"message\":\"What is the " + word + "?\"}");
        assertThat(events.get(events.size() - 1).name()).isEqualTo("done");

        SpanData generation = Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> spans.all().stream().filter(s -> s.getName().equals("generation")).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        String traceId = generation.getTraceId();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(named("history commit")));
        List<SpanData> trace = spans.ofTrace(traceId);
        
        SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(server.getParentSpanContext().isValid()).isFalse();
        for (String stage : List.of("embedding", "retrieval", "history load", "generation", "history commit")) {
            assertThat(one(trace, stage).getParentSpanId()).as(stage + " is a child of the request").isEqualTo(server.getSpanId());
        }
        assertThat(one(trace, "cache lookup").getParentSpanId()).isEqualTo(one(trace, "embedding").getSpanId());
        assertThat(one(trace, "rerank").getParentSpanId()).as("reranking is on in this profile")
                .isEqualTo(one(trace, "retrieval").getSpanId());

        assertThat(generation.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("ollama");
        assertThat(generation.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("qwen2.5:0.5b");
        assertThat(generation.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
        assertThat(generation.getEvents()).anyMatch(e -> e.getName().equals("first_token"));
        assertThat(trace).as("the model's HTTP request, under the generation span")
                .anyMatch(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(generation.getSpanId())
                        && String.valueOf(s.getAttributes().get(AttributeKey.stringKey("url.full")))
                                .startsWith(simulator.baseUrl()));
        assertThat(trace).as("the database's and Redis's own spans, in the same trace")
                .anyMatch(s -> "redis".equals(s.getAttributes().get(AttributeKey.stringKey("db.system"))))
                .anyMatch(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("SELECT"));
        // The client spans of the commit's statements may be exported just after the commit span itself.
        String commit = one(trace, "history commit").getSpanId();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(spans.ofTrace(traceId))
                .as("the commit's SQL, under the history commit span")
                .anyMatch(s -> s.getName().startsWith("INSERT") && s.getParentSpanId().equals(commit)));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> OtlpCollector.exports() > 0);
    }

    private static SpanData one(List<SpanData> trace, String name) {
        List<SpanData> found = trace.stream().filter(named(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }
}
