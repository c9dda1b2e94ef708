package io.ragchat.document.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.ragchat.document.chunking.Chunk;
import io.ragchat.document.chunking.MarkdownChunker;
import io.ragchat.document.config.DocumentConfig;
import io.ragchat.document.parsing.DocumentParser;
import io.ragchat.embedding.service.EmbeddableText;
import io.ragchat.embedding.service.EmbeddingService;
import io.ragchat.problem.ProblemException;
import io.ragchat.problem.StorableText;
import io.ragchat.security.Caller;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Ingestion: a document is chunked along its structure, its chunks embedded in batches, and the document
 * stored with its chunks in one transaction. The same content again is a no-op; new content under a known
 * source replaces the old document's chunks at once.
 */
@ApplicationScoped
public class DocumentService {

    private final DocumentRepository repository;
    private final EmbeddingService embeddings;
    private final PagedChunker chunker;
    private final DocumentParser parser;
    private final DocumentConfig config;
    private final ChunkStatistics statistics;

    DocumentService(DocumentRepository repository, EmbeddingService embeddings, MarkdownChunker chunker,
            DocumentParser parser, DocumentConfig config, ChunkStatistics statistics) {
        this.repository = repository;
        this.embeddings = embeddings;
        this.chunker = new PagedChunker(chunker);
        this.parser = parser;
        this.config = config;
        this.statistics = statistics;
    }

    /**
     * An uploaded file: parsed on a worker thread (parsing blocks), then ingested as its text, with its own title
     * (else its file name) when the command gives none.
     */
    public Uni<IngestResult> ingestFile(FileCommand command) {
        return Uni.createFrom().item(() -> parser.parse(command.bytes().get(), command.format(), command.charset(),
                        command.fileName()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(parsed -> ingest(new IngestCommand(command.caller(),
                        command.title() == null || command.title().isBlank() ? parsed.title() : command.title(),
                        command.source(), command.format().mediaType(), parsed.text(), command.metadata(),
                        parsed.pageStarts())));
    }

    public Uni<IngestResult> ingest(IngestCommand command) {
        validate(command);
        long start = System.nanoTime();
        String source = command.source() == null || command.source().isBlank() ? null : command.source().strip();
        Map<String, Object> metadata = command.metadata() == null ? Map.of() : command.metadata();
        String hash = contentHash(command.title(), metadata, command.content());
        String tenant = command.caller().tenant();
        Uni<Optional<DocumentRecord>> existing = source != null
                ? repository.findBySource(tenant, source)
                : repository.findUnsourcedByHash(tenant, hash);
        return existing.chain(found -> {
            if (found.isPresent() && found.get().contentHash().equals(hash)) {
                DocumentRecord same = found.get();
                return Uni.createFrom().item(new IngestResult(same.id(), same.title(), same.source(), same.chunks(),
                        hash, IngestResult.Status.unchanged, null));
            }
            UUID id = found.map(DocumentRecord::id).orElseGet(UUID::randomUUID);
            DocumentRecord document = new DocumentRecord(id, command.title().strip(), source, command.contentType(), hash,
                    metadata, 0, embeddings.modelId(), null, null);
            return chunkAndEmbed(command.content(), command.pageStarts()).chain(chunks -> {
                Uni<Void> stored = found.isPresent()
                        ? repository.replace(tenant, document, command.content(), chunks)
                        : repository.insert(tenant, document, command.content(), chunks);
                IngestResult.Status status = found.isPresent() ? IngestResult.Status.replaced : IngestResult.Status.created;
                return stored.map(ignored -> {
                    statistics.changed(chunks.size() + found.map(DocumentRecord::chunks).orElse(0));
                    Log.infof("Ingested document %s (%s, %d chunks) in %d ms", id, status, chunks.size(),
                            (System.nanoTime() - start) / 1_000_000);
                    return new IngestResult(id, document.title(), source, chunks.size(), hash, status,
                            command.pageStarts().isEmpty() ? null : command.pageStarts().size());
                });
            });
        });
    }

    public Uni<List<DocumentRecord>> list(Caller caller, int limit, int offset) {
        return repository.list(caller.tenant(), limit, offset);
    }

    /** A document of the caller's tenant; 404, as for an unknown one, when it belongs to another. */
    public Uni<DocumentRecord> get(Caller caller, UUID id) {
        return repository.find(caller.tenant(), id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    public Uni<String> content(Caller caller, UUID id) {
        return repository.content(caller.tenant(), id).map(content -> {
            if (content == null) {
                throw notFound(id);
            }
            return content;
        });
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return repository.delete(caller.tenant(), id).map(chunks -> {
            statistics.changed(chunks.orElseThrow(() -> notFound(id)));
            return null;
        });
    }

    private Uni<List<NewChunk>> chunkAndEmbed(String content, List<Integer> pageStarts) {
        // A chunk of only control or format characters has nothing to embed (the model would refuse it).
        return Uni.createFrom().item(() -> chunker.chunk(content, pageStarts).stream()
                .filter(paged -> !EmbeddableText.isBlank(embeddedText(paged.chunk()))).toList())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(chunks -> {
                    if (chunks.isEmpty()) {
                        throw new ProblemException(422, "Unprocessable Content",
                                "content: the document has no text outside its headings, so nothing could be indexed");
                    }
                })
                .chain(chunks -> embeddings.embedPassages(chunks.stream().map(paged -> embeddedText(paged.chunk())).toList())
                        .map(vectors -> IntStream.range(0, chunks.size())
                                .mapToObj(i -> {
                                    Chunk chunk = chunks.get(i).chunk();
                                    return new NewChunk(i, chunk.headingPath(), chunk.text(), chunk.tokenCount(),
                                            vectors.get(i), chunks.get(i).page());
                                })
                                .toList()));
    }

    /** A chunk is embedded with its heading path, which often names what the chunk is about. */
    private static String embeddedText(Chunk chunk) {
        return chunk.headingPath().isEmpty() ? chunk.text() : chunk.headingPath() + "\n" + chunk.text();
    }

    private void validate(IngestCommand command) {
        if (command.title() == null || command.title().isBlank()) {
            throw ProblemException.badRequest("title: must not be blank");
        }
        if (command.title().length() > config.maxTitleLength()) {
            throw ProblemException.badRequest("title: must be at most " + config.maxTitleLength() + " characters");
        }
        if (EmbeddableText.isBlank(command.content())) {
            throw ProblemException.badRequest("content: must not be blank");
        }
        if (command.content().length() > config.maxChars()) {
            throw ProblemException.tooLarge("content: " + command.content().length() + " characters, at most "
                    + config.maxChars() + " are accepted (ragchat.document.max-chars)");
        }
        StorableText.require("title", command.title());
        StorableText.require("source", command.source());
        StorableText.require("content", command.content());
        StorableText.require("metadata", command.metadata());
    }

    static String contentHash(String title, Map<String, Object> metadata, String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(title.strip().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(new TreeMap<>(metadata).toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No document " + id);
    }
}
