package io.ragchat.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class EvalOptionsTest {

    @Test
    void theReportRunsOnTheHeldOutHalfAndTheSmokeRunOnItsOwnFreshDatabase() {
        EvalOptions full = EvalOptions.parse();
        assertThat(full.half()).isEqualTo(EvalOptions.Half.HELD_OUT);
        assertThat(full.markdown()).contains(Path.of("docs/quality.md"));
        assertThat(full.sendsHtml()).isTrue();
        assertThat(full.reingest()).isFalse();
        assertThat(Evaluation.configurations(full)).extracting(Evaluation.Configuration::id)
                .containsExactly("vector", "vector-diversity", "keyword", "hybrid", "hybrid-diversity");

        EvalOptions smoke = EvalOptions.parse("--smoke");
        assertThat(smoke.half()).isEqualTo(EvalOptions.Half.ALL);
        assertThat(smoke.outputDir()).isEqualTo(Path.of("target/eval/smoke"));
        assertThat(smoke.reingest()).isTrue();
        assertThat(smoke.database()).isNotEqualTo(full.database());
        assertThat(Evaluation.configurations(smoke)).extracting(Evaluation.Configuration::id)
                .containsExactly("vector", "hybrid-diversity");
    }

    @Test
    void aRerankerAddsItsConfigurationWithItsSettings() {
        EvalOptions options = EvalOptions.parse("--rerank-url", "http://127.0.0.1:9000", "--rerank-set=ragchat.rerank.top-n=20",
                "--media-type", "text/markdown", "--half=tune");
        Evaluation.Configuration rerank = Evaluation.configurations(options).getLast();
        assertThat(rerank.settings()).containsEntry("ragchat.rerank.provider", "http")
                .containsEntry("ragchat.rerank.http.base-url", "http://127.0.0.1:9000").containsEntry("ragchat.rerank.top-n", "20")
                .containsEntry("ragchat.retrieval.mode", "hybrid").containsEntry("ragchat.retrieval.max-chunks-per-document", "1");
        assertThat(options.sendsHtml()).isFalse();
        assertThat(options.half()).isEqualTo(EvalOptions.Half.TUNE);
    }

    @Test
    void badFlagsAreRefusedByName() {
        assertThatThrownBy(() -> EvalOptions.parse("--half", "middle")).hasMessageContaining("--half");
        assertThatThrownBy(() -> EvalOptions.parse("--media-type", "application/pdf")).hasMessageContaining("--media-type");
        assertThatThrownBy(() -> EvalOptions.parse("--rerank-set", "a=b")).hasMessageContaining("--rerank-provider");
        assertThatThrownBy(() -> EvalOptions.parse("--streams", "0")).hasMessageContaining("--streams");
        assertThatThrownBy(() -> EvalOptions.parse("--nope", "1")).hasMessageContaining("--nope");
    }
}
