package io.ragchat.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that leaves its application unfit for the next class (it stops part of it, as a shutdown
 * does): {@link RunsLastClassOrderer} runs it after the other classes of its test profile.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RunsLastInItsApplication {
}
