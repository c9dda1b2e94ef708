/**
 * {@code ./ragchat bench}: the benchmark's tables and soak, run against the packaged service; flags read by
 * picocli ({@link io.ragchat.bench.BenchOptions}).
 * <p>
 * {@link io.ragchat.bench.Stats} stays hand-written rather than HdrHistogram: the samples are a few thousand
 * values kept whole, and the report wants their exact nearest-rank percentiles and the usual even-sample
 * median, where a histogram gives values rounded to its precision.
 */
package io.ragchat.bench;
