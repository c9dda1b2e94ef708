package io.ragchat.embedding.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * One of langchain4j's in-process ONNX models (the model and tokenizer files of its jar), run by a session
 * made for a service that shares its cores with many concurrent requests. langchain4j's own model classes
 * take ONNX Runtime's defaults, made for one caller with the machine to itself: the intra-op threads spin
 * for a while after each run, waiting for more work, which on two cores takes the CPU away from the
 * requests that have work, and from the other questions' embeddings. Here they sleep when idle, and by
 * default there are none: each embedding runs on its caller's thread ({@code ragchat.embedding.onnx-threads}).
 * The model's file is read into native memory, not into a 90 MB array on the heap, which would stay committed
 * to the heap long after the session copied it. Only a collection frees that buffer: the warm-up ends with one
 * (WarmUp); with the warm-up off, the model loads on the first question and the buffer waits for the first
 * collection that reaches it.
 *
 * <p>
 * Compiled only into builds that carry the ONNX jars (not the native one, see the pom's {@code native}
 * profile); {@code EmbeddingModelSpec} loads it by name.
 */
public final class InProcessEmbeddingModel extends AbstractInProcessEmbeddingModel {

    private final OnnxBertBiEncoder encoder;
    private final int dimension;

    private InProcessEmbeddingModel(OnnxBertBiEncoder encoder, int dimension) {
        super(null); // langchain4j's default executor: it embeds a batch's passages in parallel
        this.encoder = encoder;
        this.dimension = dimension;
    }

    /**
     * Loads the model from the class path: {@code modelFile} and {@code tokenizerFile} as its jar names them,
     * {@code pooling} one of {@link PoolingMode}'s names, each embedding run on {@code threads} threads (0: one
     * per core). Blocking, about a second.
     */
    public static InProcessEmbeddingModel load(String modelFile, String tokenizerFile, String pooling, int dimension,
            int threads) {
        ClassLoader loader = InProcessEmbeddingModel.class.getClassLoader();
        URL model = loader.getResource(modelFile);
        try (InputStream tokenizer = loader.getResourceAsStream(tokenizerFile);
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (model == null || tokenizer == null) {
                throw new IllegalStateException("The class path holds no " + modelFile + " or " + tokenizerFile);
            }
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(readDirect(model), options);
            return new InProcessEmbeddingModel(
                    new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.valueOf(pooling)), dimension);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + modelFile, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return dimension;
    }

    /** The whole resource in one direct buffer of its size (a jar entry's length is known before it is read). */
    private static ByteBuffer readDirect(URL resource) throws IOException {
        URLConnection connection = resource.openConnection();
        long length = connection.getContentLengthLong();
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IOException("Cannot tell the size of " + resource);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) length);
        try (ReadableByteChannel channel = Channels.newChannel(connection.getInputStream())) {
            int read = 0;
            while (buffer.hasRemaining() && read >= 0) {
                read = channel.read(buffer);
            }
        }
        if (buffer.hasRemaining()) {
            throw new IOException(resource + " ended before its announced " + length + " bytes");
        }
        return buffer.flip();
    }
}
