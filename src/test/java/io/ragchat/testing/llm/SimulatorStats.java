package io.ragchat.testing.llm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What the simulator saw and did, for tests to assert on: requests per endpoint, the last request
 * bodies, model loads, tokens sent and how each generation ended.
 *
 * <p>A "stream" here is one generation — chat, generate or chat completion — whether it is streamed or
 * answered as one JSON object. Each ends exactly one way: completed, failed (an injected mid-stream
 * fault) or cancelled (the client closed the connection first). A stalled stream stays active until one
 * of those happens. Preloads and embeddings are requests, not streams.
 *
 * <p>Thread-safe: the simulator's event loop updates it while test threads read and wait on it.
 */
public final class SimulatorStats {

    /** How many requests {@link #recordedRequests()} keeps. */
    public static final int RECORDED_REQUESTS = 100;

    /** How many generations {@link #generations()} keeps. */
    public static final int RECORDED_GENERATIONS = 10_000;

    private final Map<String, Long> requests = new LinkedHashMap<>();
    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final Deque<GenerationRecord> generations = new ArrayDeque<>();
    /** Live generations; {@link #reset()} leaves them alone, as they are still running. */
    private final Set<Generation> active = new HashSet<>();
    private long completed;
    private long cancelled;
    private long failed;
    private long loads;
    private long tokensSent;

    SimulatorStats() {
    }

    /** Requests received for {@code endpoint}, written {@code "POST /api/chat"}; 0 if none. */
    public synchronized long requests(String endpoint) {
        return requests.getOrDefault(endpoint, 0L);
    }

    /** Requests received per endpoint ({@code "GET /api/tags"} and so on), in first-seen order. */
    public synchronized Map<String, Long> requestCounts() {
        return new LinkedHashMap<>(requests);
    }

    /** The last {@value #RECORDED_REQUESTS} requests that were read in full, oldest first. */
    public synchronized List<RecordedRequest> recordedRequests() {
        return List.copyOf(recorded);
    }

    /** The newest recorded request to {@code endpoint}, written {@code "POST /api/chat"}. */
    public synchronized Optional<RecordedRequest> lastRequest(String endpoint) {
        var newestFirst = recorded.descendingIterator();
        while (newestFirst.hasNext()) {
            RecordedRequest request = newestFirst.next();
            if (request.endpoint().equals(endpoint)) {
                return Optional.of(request);
            }
        }
        return Optional.empty();
    }

    /**
     * The timings of the last {@value #RECORDED_GENERATIONS} generations that ended, oldest first: what the
     * simulated model itself took, so a benchmark can subtract it from what its client measured.
     */
    public synchronized List<GenerationRecord> generations() {
        return List.copyOf(generations);
    }

    /** Generations still running (including stalled ones). */
    public synchronized int activeStreams() {
        return active.size();
    }

    /** What the generations still running were asked (their prompts' last message), for a test to name them. */
    public synchronized List<String> activeQuestions() {
        return active.stream().map(Generation::question).toList();
    }

    /** Generations that sent their whole answer. */
    public synchronized long completedStreams() {
        return completed;
    }

    /** Generations whose client closed the connection before the simulator finished. */
    public synchronized long cancelledStreams() {
        return cancelled;
    }

    /** Generations ended by an injected {@link Fault.FailAfterTokens}. */
    public synchronized long failedStreams() {
        return failed;
    }

    /** Cold model loads: first use of a model, and every use after an unload or keep-alive expiry. */
    public synchronized long loadCount() {
        return loads;
    }

    /** Answer tokens written to clients, all generations together. */
    public synchronized long tokensSent() {
        return tokensSent;
    }

    /**
     * Waits until at least one generation was cancelled by its client since the last {@link #reset()}.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitCancellation(Duration timeout) {
        return await(() -> cancelled > 0, timeout);
    }

    /**
     * Waits until no generation is running.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitNoActiveStreams(Duration timeout) {
        return await(active::isEmpty, timeout);
    }

    /** Forgets counts and recorded requests; generations still running stay counted as active. */
    public synchronized void reset() {
        requests.clear();
        recorded.clear();
        generations.clear();
        completed = 0;
        cancelled = 0;
        failed = 0;
        loads = 0;
        tokensSent = 0;
        notifyAll();
    }

    synchronized void requestReceived(String endpoint) {
        requests.merge(endpoint, 1L, Long::sum);
    }

    synchronized void record(RecordedRequest request) {
        if (recorded.size() == RECORDED_REQUESTS) {
            recorded.removeFirst();
        }
        recorded.addLast(request);
    }

    synchronized void generationEnded(GenerationRecord generation) {
        if (generations.size() == RECORDED_GENERATIONS) {
            generations.removeFirst();
        }
        generations.addLast(generation);
    }

    synchronized void modelLoadStarted() {
        loads++;
    }

    synchronized void tokenSent() {
        tokensSent++;
    }

    synchronized void streamStarted(Generation stream) {
        active.add(stream);
        notifyAll();
    }

    synchronized void streamCompleted(Generation stream) {
        active.remove(stream);
        completed++;
        notifyAll();
    }

    synchronized void streamFailed(Generation stream) {
        active.remove(stream);
        failed++;
        notifyAll();
    }

    synchronized void streamCancelled(Generation stream) {
        active.remove(stream);
        cancelled++;
        notifyAll();
    }

    private synchronized boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
