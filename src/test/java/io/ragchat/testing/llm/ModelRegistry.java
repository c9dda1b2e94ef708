package io.ragchat.testing.llm;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which models are in memory, as Ollama's scheduler sees it: a request for a cold model pays the load
 * time (concurrent requests for a model that is loading wait for the same load); a model stays loaded
 * while requests use it and for the keep-alive of the last request after that; keep-alive 0 unloads it
 * as soon as it is idle, a negative one keeps it forever. Expiry is checked lazily when a model is asked
 * for or listed, so no timers run for it.
 */
final class ModelRegistry {

    /** A model in memory; {@code expiresAt} null means forever. */
    record ResidentModel(String name, Instant expiresAt) {
    }

    private final Vertx vertx;
    private final SimulatorStats stats;
    private final Map<String, Residency> residents = new HashMap<>(); // guarded by this

    ModelRegistry(Vertx vertx, SimulatorStats stats) {
        this.vertx = vertx;
        this.stats = stats;
    }

    /**
     * Takes a model for one request, starting a cold load of {@code loadTime} when it is not in memory.
     * Call on the event loop (the load timer runs there). The caller must {@link Lease#release} it.
     */
    Lease acquire(String model, Duration loadTime) {
        Residency residency;
        boolean cold;
        synchronized (this) {
            residency = residents.get(model);
            cold = residency == null || !residency.isResident(Instant.now());
            if (cold) {
                residency = new Residency();
                residents.put(model, residency);
                stats.modelLoadStarted();
            }
            residency.users++;
        }
        if (cold) {
            finishLoadAfter(residency, loadTime);
        }
        return new Lease(model, residency);
    }

    /**
     * Unloads a model now, or when its last running request ends.
     *
     * @return whether it was in memory
     */
    synchronized boolean unload(String model) {
        Residency residency = residents.get(model);
        if (residency == null || !residency.isResident(Instant.now())) {
            residents.remove(model);
            return false;
        }
        if (residency.users == 0) {
            residents.remove(model);
        } else {
            residency.unloadWhenIdle = true;
        }
        return true;
    }

    synchronized void unloadAll() {
        List.copyOf(residents.keySet()).forEach(this::unload);
    }

    /** The models in memory now, loading ones included, as {@code GET /api/ps} lists them. */
    synchronized List<ResidentModel> residents() {
        Instant now = Instant.now();
        List<ResidentModel> list = new ArrayList<>();
        residents.forEach((name, residency) -> {
            if (residency.isResident(now)) {
                list.add(new ResidentModel(name, residency.users > 0 ? null : residency.expiresAt));
            }
        });
        return list;
    }

    private void finishLoadAfter(Residency residency, Duration loadTime) {
        long millis = loadTime.toMillis();
        if (millis == 0) {
            residency.loaded.complete();
        } else {
            vertx.setTimer(millis, id -> residency.loaded.complete());
        }
    }

    private synchronized void release(String model, Residency residency, Duration keepAlive) {
        residency.users--;
        residency.expiresAt = keepAlive.isNegative() ? null : Instant.now().plus(keepAlive);
        boolean unloadNow = residency.users == 0 && (keepAlive.isZero() || residency.unloadWhenIdle);
        if (unloadNow) {
            residents.remove(model, residency);
        }
    }

    /** One request's hold on a model. */
    final class Lease {
        private final String model;
        private final Residency residency;
        private boolean released;

        private Lease(String model, Residency residency) {
            this.model = model;
            this.residency = residency;
        }

        /** Completes when the model is loaded (at once when it was warm). */
        Future<Void> loaded() {
            return residency.loaded.future();
        }

        /** Ends this request's use; the model then stays for {@code keepAlive}. Idempotent. */
        void release(Duration keepAlive) {
            if (!released) {
                released = true;
                ModelRegistry.this.release(model, residency, keepAlive);
            }
        }
    }

    private static final class Residency {
        final Promise<Void> loaded = Promise.promise();
        int users;
        Instant expiresAt; // null: forever
        boolean unloadWhenIdle;

        boolean isResident(Instant now) {
            return users > 0 || expiresAt == null || expiresAt.isAfter(now);
        }
    }
}
