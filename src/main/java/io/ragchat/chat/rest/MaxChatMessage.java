package io.ragchat.chat.rest;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.ragchat.chat.config.ChatConfig;
import io.ragchat.problem.ContentTooLarge;

/**
 * A question no longer than {@code ragchat.chat.max-message-length} characters; null is. Too long is a size
 * limit, answered with 413.
 */
@Documented
@Retention(RUNTIME)
@Target({ FIELD, METHOD, PARAMETER, RECORD_COMPONENT })
@Constraint(validatedBy = MaxChatMessage.Validator.class)
@ContentTooLarge
public @interface MaxChatMessage {

    /** Replaced by the length and the limit (the limit is configuration, not an attribute of the annotation). */
    String message() default "is too long";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    @Singleton
    class Validator implements ConstraintValidator<MaxChatMessage, String> {

        // Looked up when a value is checked: validators are made while the service initialises, before the
        // configuration mappings exist.
        private final Provider<ChatConfig> config;

        Validator(Provider<ChatConfig> config) {
            this.config = config;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            int max = config.get().maxMessageLength();
            if (value == null || value.length() <= max) {
                return true;
            }
            // Only digits and words: nothing in it is read as a message template's expression.
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(value.length() + " characters, at most " + max
                    + " are accepted (ragchat.chat.max-message-length)").addConstraintViolation();
            return false;
        }
    }
}
