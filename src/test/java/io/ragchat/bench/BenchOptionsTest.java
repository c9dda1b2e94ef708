package io.ragchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The benchmark's flags as ./ragchat bench passes them; no service needed. */
class BenchOptionsTest {

    @Test
    void flagsTakeTheirValueEitherWayAndJvmOptionsMayLookLikeFlags() {
        BenchOptions options = BenchOptions.parse("--tables=a,R", "--runs", "2", "--jvm-option", "-XX:+UseSerialGC",
                "--set", "ragchat.llm.max-connections=5", "--set=ragchat.limit.streams-total=9", "--large-decode-tps",
                "Infinity", "--ollama-url", "http://127.0.0.1:11434/", "--runs=4");

        assertThat(options.tables()).containsExactlyInAnyOrder(BenchOptions.Table.A, BenchOptions.Table.R);
        assertThat(options.runs()).as("the last --runs wins").isEqualTo(4);
        assertThat(options.jvmOptions()).containsExactly("-XX:+UseSerialGC");
        assertThat(options.serviceSettings()).containsEntry("ragchat.llm.max-connections", "5")
                .containsEntry("ragchat.limit.streams-total", "9");
        assertThat(options.large().decodeTokensPerSecond()).isInfinite();
        assertThat(options.ollamaUrl()).contains("http://127.0.0.1:11434");
    }

    @Test
    void smokeChangesTheDefaultsButNotTheFlagsGiven() {
        BenchOptions smoke = BenchOptions.parse("--smoke", "--concurrency", "3");

        assertThat(smoke.runs()).isEqualTo(1);
        assertThat(smoke.concurrency()).isEqualTo(List.of(3));
        assertThat(smoke.outputDir()).isEqualTo(Path.of("target/bench-smoke"));
        assertThat(smoke.markdown()).contains(Path.of("target/bench-smoke/benchmarks.md"));
        assertThat(BenchOptions.parse().markdown()).contains(Path.of("docs/benchmarks.md"));
        assertThat(smoke.tables()).as("the suite's smoke run leaves the minutes-long peer comparison out")
                .doesNotContain(BenchOptions.Table.P);
        assertThat(BenchOptions.parse().tables()).contains(BenchOptions.Table.P);
        assertThat(BenchOptions.parse("--smoke", "--tables", "p").tables()).containsExactly(BenchOptions.Table.P);
    }

    @Test
    void badFlagsAreRefusedByNameAndHelpIsNotAnError() {
        assertThatThrownBy(() -> BenchOptions.parse("--nope", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nope");
        assertThatThrownBy(() -> BenchOptions.parse("--requests", "0")).hasMessageContaining("--requests");
        assertThatThrownBy(() -> BenchOptions.parse("--tables", "A,Z")).hasMessageContaining("'Z'");
        assertThatThrownBy(() -> BenchOptions.parse("--runs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--runs");
        assertThatThrownBy(() -> BenchOptions.parse("--small-model", "llama3.1:8b")).hasMessageContaining("differ");
        assertThatThrownBy(() -> BenchOptions.parse("--smoke", "--help")).isInstanceOf(BenchOptions.HelpRequested.class);
        assertThat(BenchOptions.usage()).startsWith("Usage: ./ragchat bench [flags]").contains("--soak-warm-up=D");
    }
}
