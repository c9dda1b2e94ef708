package io.ragchat.embedding.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A model whose vectors do not fit the stored ones is refused at start, with what to do about it. */
@QuarkusTest
class EmbeddingSchemaCheckTest {

    @Inject
    EmbeddingSchemaCheck check;

    @Test
    void theConfiguredModelFits() {
        assertThatCode(() -> check.verify(384)).doesNotThrowAnyException();
    }

    @Test
    void anotherDimensionIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> check.verify(768))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("768-dimensional")
                .hasMessageContaining("384-dimensional")
                .hasMessageContaining("ragchat.embedding.model");
    }
}
