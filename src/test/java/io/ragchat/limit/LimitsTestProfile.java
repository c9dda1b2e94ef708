package io.ragchat.limit;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.ragchat.testing.ManualClock;

/**
 * Limits small enough to reach in a test: 2 questions a second in bursts of 3, 2 answers in progress per
 * caller and 3 in all, a 5 s deadline (long enough for
 * two stalled answers to be held while a third is refused), and one origin allowed to call the API from a browser.
 * The rate counts time on a {@link ManualClock}: tokens come back only when the test moves it.
 */
public class LimitsTestProfile implements QuarkusTestProfile {

    static final String ALLOWED_ORIGIN = "https://chat.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "ragchat.limit.questions-per-minute", "120",
                "ragchat.limit.question-burst", "3",
                "ragchat.limit.streams-per-user", "2",
                "ragchat.limit.streams-total", "3",
                "ragchat.limit.busy-retry-after", "2s",
                "ragchat.chat.deadline", "5s",
                "quarkus.http.cors.origins", ALLOWED_ORIGIN);
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ManualClock.class);
    }
}
