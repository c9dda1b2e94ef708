package io.ragchat.document.service;

import java.util.Map;
import java.util.function.Supplier;

import io.ragchat.document.parsing.FileFormat;
import io.ragchat.security.Caller;

/**
 * An uploaded file to ingest into the caller's tenant. {@code bytes} is read when the file is parsed, on a worker
 * thread (an upload may be on disk); {@code title} may be null (the file's own title, else its name, is taken).
 */
public record FileCommand(Caller caller, String title, String source, FileFormat format, String charset,
        String fileName, Map<String, Object> metadata, Supplier<byte[]> bytes) {
}
