package io.ragchat.testing;

import jakarta.enterprise.util.AnnotationLiteral;

import io.quarkus.test.junit.QuarkusMock;
import io.ragchat.llm.service.AnswerGenerator;
import io.ragchat.llm.service.Selected;

/**
 * Replaces the answer generator the configuration selected, for the current test only
 * ({@link QuarkusMock}: the application's own generator is back for the next test), so that a test can
 * script or pace the answers without an application of its own to build and start.
 */
public final class SelectedGenerator {

    private static final Selected SELECTED = new SelectedLiteral();

    private SelectedGenerator() {
    }

    public static void replaceForThisTest(AnswerGenerator generator) {
        QuarkusMock.installMockForType(generator, AnswerGenerator.class, SELECTED);
    }

    private static final class SelectedLiteral extends AnnotationLiteral<Selected> implements Selected {
    }
}
