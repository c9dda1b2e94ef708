package io.ragchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The soak's flags and the trend it judges memory by; no service needed. */
class SoakOptionsTest {

    @Test
    void defaultsAreSixtyFourStreamsForFiveMinutesJudgedAfterTheFirstMinute() {
        BenchOptions.Soak soak = BenchOptions.parse("--soak").soak();
        assertThat(soak.enabled()).isTrue();
        assertThat(soak.streams()).isEqualTo(64);
        assertThat(soak.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(soak.warmUp()).isEqualTo(Duration.ofMinutes(1));
        assertThat(BenchOptions.parse().soak().enabled()).isFalse();
    }

    @Test
    void theSmokeSoakIsShortNarrowAndPlaysTheSmallModelAtItsRealPace() {
        BenchOptions options = BenchOptions.parse("--smoke", "--soak");
        assertThat(options.soak().streams()).isEqualTo(16);
        assertThat(options.soak().duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.soak().warmUp()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.small().decodeTokensPerSecond()).isEqualTo(Calibration.SMALL.decodeTokensPerSecond());
    }

    @Test
    void durationsTakeAUnitAndTheWarmUpFollowsTheDurationUnlessGiven() {
        assertThat(BenchOptions.parse("--soak", "--soak-duration", "90s").soak().warmUp()).isEqualTo(Duration.ofSeconds(18));
        assertThat(BenchOptions.parse("--soak", "--soak-duration=30m", "--soak-warm-up=2m").soak().warmUp())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchOptions.duration("--x", "300")).isEqualTo(Duration.ofMinutes(5));
        assertThat(BenchOptions.duration("--x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> BenchOptions.parse("--soak", "--soak-duration", "5 minutes"))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> BenchOptions.parse("--soak", "--soak-duration", "1m", "--soak-warm-up", "1m"))
                .hasMessageContaining("shorter");
    }

    @Test
    void theTrendIsTheLeastSquaresSlopePerMinute() {
        double[] seconds = { 0, 5, 10, 15, 20, 25 };
        double[] flatWithNoise = { 500, 503, 499, 502, 500, 501 };
        double[] growing = { 500, 505, 510, 515, 520, 525 }; // 1 MiB/s
        assertThat(Soak.slopePerMinute(seconds, growing)).isCloseTo(60, within(1e-9));
        assertThat(Math.abs(Soak.slopePerMinute(seconds, flatWithNoise))).isLessThan(10);
        assertThat(Soak.slopePerMinute(new double[] { 0, 1 }, new double[] { 1, 2 })).isNaN();
    }
}
