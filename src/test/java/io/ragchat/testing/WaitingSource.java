package io.ragchat.testing;

import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Multi;

/**
 * A stream that sends its first event at once and then waits, as an answer waiting on the model does, and
 * records whether whoever read it stopped it.
 */
public final class WaitingSource {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public Multi<String> firstThenWait(String first) {
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(first),
                Multi.createFrom().<String> nothing().onCancellation().invoke(() -> cancelled.set(true)));
    }

    public boolean cancelled() {
        return cancelled.get();
    }
}
