package io.ragchat.tracing;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Tracing is on exactly when an OTLP endpoint is configured: setting
 * {@code quarkus.otel.exporter.otlp.endpoint} (or {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}) at run
 * time is the one step that turns it on. Without one the OpenTelemetry SDK is disabled
 * ({@code quarkus.otel.sdk.disabled=true}): spans are no-ops and nothing tries to reach a collector, where
 * Quarkus would otherwise export to {@code localhost:4317}. Both keys are read at run time, so the same
 * build serves either way. An explicit {@code quarkus.otel.sdk.disabled} anywhere else wins: this source
 * ranks below application.properties, environment variables and system properties.
 */
public class TracingFollowsEndpoint implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean endpoint = ENDPOINTS.stream().map(context::getValue).anyMatch(TracingFollowsEndpoint::isSet);
        return List.of(new PropertiesConfigSource(Map.of(SDK_DISABLED, String.valueOf(!endpoint)),
                TracingFollowsEndpoint.class.getSimpleName(), ORDINAL));
    }

    /**
     * Whether someone configured this endpoint. Quarkus declares {@code localhost:4317} as the default of
     * both keys; a default is no configuration (but the same address set explicitly, for a collector
     * beside the pod, is).
     */
    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > Integer.MIN_VALUE;
    }
}
