package io.ragchat.chat.rest;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.ragchat.embedding.service.EmbeddableText;

/**
 * A question with something in it to search for: not null, and not blank as the embedding model reads it
 * ({@link EmbeddableText}: a question of only invisible or control characters is blank too).
 */
@Documented
@Retention(RUNTIME)
@Target({ FIELD, METHOD, PARAMETER, RECORD_COMPONENT })
@Constraint(validatedBy = Question.Validator.class)
public @interface Question {

    String message() default "must not be blank";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Question, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return !EmbeddableText.isBlank(value);
        }
    }
}
