package io.ragchat.bench;

import java.util.List;

/**
 * The default figures of the simulated models, each from a published measurement (cited in
 * docs/benchmarks.md, "Calibration"). They describe one plausible set-up for the performance guide's
 * baseline: Ollama serving a 7-9B model and a sub-1B model on the same desktop-class GPU machine. Every
 * figure can be changed with a flag, e.g. to replay this 2-core CPU's figures.
 */
final class Calibration {

    /**
     * Ollama on an Apple M4 (Metal): Qwen 3.5 9B Q4_K_M, prompt processing 114 tok/s, generation 14 tok/s
     * (jitesh.dev, "Qwen 3.5 on Apple Silicon", March 2026). Cold load 10 s: users report 6 s to over 100 s
     * for large models (shared/notes/facts.md); the guide's own cold-minus-warm gap is 5-10 s.
     */
    static final ModelProfile LARGE = new ModelProfile("llama3.1:8b", 10_000, 114, 14, 120);

    /**
     * Ollama on the same M4: Qwen 3.5 0.8B Q4_K_M, prompt processing 611 tok/s, generation 51 tok/s (same
     * source). Cold load 6.3 s: the cold load reported for a small model against 1.3 ms warm (facts.md).
     */
    static final ModelProfile SMALL = new ModelProfile("qwen2.5:0.5b", 6_300, 611, 51, 120);

    /** For the smoke run: the large model's load dominates the cold baseline by construction. */
    static final ModelProfile SMOKE_LARGE = new ModelProfile(LARGE.model(), 1_500, 20_000, 1_000, 20);

    static final ModelProfile SMOKE_SMALL = new ModelProfile(SMALL.model(), 300, 100_000, 2_000, 20);

    /**
     * For the smoke soak: the small model's real pace (so streams stay open for about a second, as they do
     * in the soak) with a short load and 40-token answers, so 10 s hold a few hundred answers.
     */
    static final ModelProfile SMOKE_SOAK_SMALL = new ModelProfile(SMALL.model(), 300, SMALL.prefillTokensPerSecond(),
            SMALL.decodeTokensPerSecond(), 40);

    /** Sources, for the report. */
    static final List<String> SOURCES = List.of(
            "Large and small model rates: Ollama on a Mac mini M4 (Metal GPU), Qwen 3.5 9B Q4_K_M 114 tok/s prompt"
                    + " processing / 14 tok/s generation, 0.8B Q4_K_M 611 / 51 tok/s"
                    + " (https://www.jitesh.dev/blog/qwen35-apple-silicon-benchmark.html, March 2026).",
            "Load times: Ollama cold load 6.3 s against 1.3 ms warm for a small model; users report 6 s to over"
                    + " 100 s for large ones (shared/notes/facts.md).",
            "CPU comparison (not the default): 7B Q4_0 on a 13900K with 4 threads, 22 tok/s prompt / 12.7 tok/s"
                    + " generation (https://github.com/ggml-org/llama.cpp/issues/34); 0.5B Q4 on this kind of 2-core"
                    + " machine, ~230 ms to first token and ~18 tok/s (facts.md, llama.cpp via JNI).",
            "GPU comparison: qwen2 7B Q8_0 on Metal, 1,519 tok/s prompt / 79 tok/s generation at 512 tokens"
                    + " (https://github.com/ggml-org/llama.cpp/pull/16894).");

    private Calibration() {
    }
}
