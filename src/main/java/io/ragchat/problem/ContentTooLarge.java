package io.ragchat.problem;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a constraint whose violation means "too long" rather than "malformed": a request failing only such
 * constraints is answered with 413 Content Too Large instead of 400, as clients expect of a size limit. (A
 * constraint's own {@code payload} cannot say it: Bean Validation requires its default to be empty.)
 */
@Documented
@Retention(RUNTIME)
@Target(ANNOTATION_TYPE)
public @interface ContentTooLarge {
}
