package io.ragchat.testing.llm;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Ollama's {@code keep_alive} request field: a number of seconds ({@code 300}, {@code -1}) or a
 * Go duration string ({@code "5m"}, {@code "1h30m"}, {@code "250ms"}, {@code "0"}). Numeric strings such
 * as {@code "-1"} are read as seconds too, as clients often send them. Any negative value means "keep
 * loaded forever"; zero means "unload as soon as the request is done".
 */
final class KeepAlive {

    /** What this class returns for "forever": any negative duration means it. */
    static final Duration FOREVER = Duration.ofSeconds(-1);

    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?");
    private static final Pattern GO_DURATION = Pattern.compile("[-+]?(\\d+(\\.\\d*)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)");

    private KeepAlive() {
    }

    /**
     * The keep-alive a request asks for, or {@code fallback} when the field is absent.
     *
     * @throws IllegalArgumentException with Ollama's wording when the value is not a duration
     */
    static Duration parse(Object value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return seconds(new BigDecimal(number.toString()));
        }
        String text = value.toString().strip();
        if (NUMBER.matcher(text).matches()) {
            return seconds(new BigDecimal(text));
        }
        if (!GO_DURATION.matcher(text).matches()) {
            throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        }
        if (text.startsWith("-")) {
            return FOREVER;
        }
        long nanos = 0;
        Matcher part = GO_DURATION_PART.matcher(text);
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1));
            nanos += amount.multiply(BigDecimal.valueOf(nanosPerUnit(part.group(2)))).longValue();
        }
        return Duration.ofNanos(nanos);
    }

    private static Duration seconds(BigDecimal seconds) {
        return seconds.signum() < 0 ? FOREVER : Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    private static long nanosPerUnit(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException("unit not matched by GO_DURATION: " + unit);
        };
    }
}
