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

import io.ragchat.retrieval.config.RetrievalConfig;

/** How many sources a question may ask for: 1 to {@code ragchat.retrieval.max-top-k}; null (the default) is. */
@Documented
@Retention(RUNTIME)
@Target({ FIELD, METHOD, PARAMETER, RECORD_COMPONENT })
@Constraint(validatedBy = TopK.Validator.class)
public @interface TopK {

    /** Replaced by one naming the bound, which is configuration rather than an attribute of the annotation. */
    String message() default "is out of range";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    @Singleton
    class Validator implements ConstraintValidator<TopK, Integer> {

        // Looked up when a value is checked: validators are made while the service initialises, before the
        // configuration mappings exist.
        private final Provider<RetrievalConfig> config;

        Validator(Provider<RetrievalConfig> config) {
            this.config = config;
        }

        @Override
        public boolean isValid(Integer value, ConstraintValidatorContext context) {
            int max = config.get().maxTopK();
            if (value == null || value >= 1 && value <= max) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be between 1 and " + max).addConstraintViolation();
            return false;
        }
    }
}
