package io.ragchat.embedding.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddingCacheCodecTest {

    @Test
    void vectorsSurviveTheBinaryEncodingExactly() {
        float[] vector = { 0.5f, -1.25f, Float.MIN_VALUE, 3.4e38f, 0f };

        byte[] bytes = EmbeddingCache.encode(vector);

        assertThat(bytes).hasSize(vector.length * Float.BYTES);
        assertThat(EmbeddingCache.decode(bytes)).containsExactly(vector);
    }
}
