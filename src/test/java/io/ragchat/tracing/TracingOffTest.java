package io.ragchat.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Without an OTLP endpoint (the default) the SDK is off: nothing records, so nothing can be exported. */
@QuarkusTest
class TracingOffTest {

    @Inject
    RecordedSpans spans;

    @Test
    void withoutAnEndpointNoSpanIsRecordedOrExported() {
        var disabled = ConfigProvider.getConfig().getConfigValue("quarkus.otel.sdk.disabled");
        assertThat(disabled.getValue()).as("from " + disabled.getSourceName()).isEqualTo("true");

        given().contentType(ContentType.JSON).body(Map.of("title", "Off", "content", "The " + UUID.randomUUID() + " rests."))
                .post("/api/documents").then().statusCode(201);
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(Map.of("message", "What rests?"))
                .post("/api/chat").then().statusCode(200);

        assertThat(spans.all()).isEmpty();
    }
}
