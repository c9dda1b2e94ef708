package io.ragchat.testing;

import java.util.Arrays;
import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order of test classes within one Quarkus application (Quarkus's own orderer groups them by application
 * and keeps this order inside a group: the pom's {@code junit.quarkus.orderer.secondary-orderer}): by class
 * name, as Quarkus does by default, with the classes marked {@link RunsLastInItsApplication} after the others.
 */
public class RunsLastClassOrderer implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(RunsLastClassOrderer::runsLast)
                .thenComparing(test -> test.getTestClass().getName()));
    }

    /**
     * By the annotation's name: a {@code @QuarkusTest} class is loaded by its application's class loader, so its
     * annotation is not the {@link RunsLastInItsApplication} class this orderer sees.
     */
    private static boolean runsLast(ClassDescriptor test) {
        return Arrays.stream(test.getTestClass().getAnnotations())
                .anyMatch(annotation -> annotation.annotationType().getName().equals(RunsLastInItsApplication.class.getName()));
    }
}
