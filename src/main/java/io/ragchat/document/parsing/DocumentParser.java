package io.ragchat.document.parsing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.tika.exception.EncryptedDocumentException;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.tika.TikaContent;
import io.quarkus.tika.TikaParseException;
import io.quarkus.tika.TikaParser;
import io.ragchat.embedding.service.EmbeddableText;
import io.ragchat.problem.ProblemException;

/**
 * Turns an uploaded file into Markdown the chunker understands, headings as {@code #} lines so they become each
 * chunk's heading path. PDF, DOCX and XLSX are read by Apache Tika (a DOCX's Heading styles and an XLSX's sheet
 * names are its h1-h6; a PDF's pages are its {@code div class="page"}), PPTX by POI (slide titles), HTML by
 * jsoup (main content only); Markdown and text are taken as they are.
 *
 * <p>Blocking (it parses the whole file): call it on a worker thread. A file that cannot be read is a 422
 * problem saying whether it is corrupt, encrypted or empty. Created at start, so that loading it and its
 * parsers' classes is not the first upload's cost, paid on an event loop.
 */
@Startup
@ApplicationScoped
public class DocumentParser {

    private static final String ENCRYPTED_OOXML = "EncryptedPackage";

    private final TikaParser tika;

    DocumentParser(TikaParser tika) {
        this.tika = tika;
    }

    /**
     * @param charset the charset the media type named, or null; used for text and HTML only
     * @param fileName the file's name, for its title when the file names none; may be null
     */
    public ParsedDocument parse(byte[] bytes, FileFormat format, String charset, String fileName) {
        if (bytes.length == 0) {
            throw empty(format);
        }
        ParsedDocument parsed = switch (format) {
            case MARKDOWN, TEXT -> new ParsedDocument(new String(bytes, charset(charset)), null, List.of());
            case HTML -> HtmlMainContent.parse(bytes, charset);
            case PDF -> tika(requirePdf(bytes), format);
            case DOCX, XLSX -> tika(requireOfficeOpenXml(bytes, format), format);
            case PPTX -> slides(requireOfficeOpenXml(bytes, format));
        };
        if (EmbeddableText.isBlank(parsed.text())) {
            throw empty(format);
        }
        String title = parsed.title() != null && !parsed.title().isBlank() ? parsed.title().strip() : fileName;
        return new ParsedDocument(parsed.text(), title, parsed.pageStarts());
    }

    private ParsedDocument tika(byte[] bytes, FileFormat format) {
        TikaStructureHandler handler = new TikaStructureHandler(format == FileFormat.PDF);
        TikaContent content;
        try {
            content = tika.parse(new ByteArrayInputStream(bytes), format.mediaType(), handler);
        } catch (TikaParseException e) {
            if (causedBy(e, EncryptedDocumentException.class)) {
                throw encrypted(format);
            }
            throw corrupt(format, e);
        } catch (RuntimeException e) {
            // A parser's own failure on a malformed file (POI and PDFBox throw unchecked ones too)
            throw corrupt(format, e);
        }
        MarkdownWriter writer = handler.finish();
        String title = content.getMetadata() == null ? null : content.getMetadata().getSingleValue("dc:title");
        return new ParsedDocument(writer.text(), title, format == FileFormat.PDF ? writer.pageStarts() : List.of());
    }

    private static ParsedDocument slides(byte[] bytes) {
        try {
            return SlideDeckText.parse(bytes);
        } catch (IOException | RuntimeException e) {
            throw corrupt(FileFormat.PPTX, e);
        }
    }

    /** A PDF starts with its header, after at most 1 KiB of anything (as readers tolerate). */
    private static byte[] requirePdf(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1);
        if (!head.contains("%PDF-")) {
            throw corrupt(FileFormat.PDF);
        }
        return bytes;
    }

    /**
     * An Office Open XML file is a ZIP package; a password-protected one is an OLE2 container holding the
     * encrypted package instead.
     */
    private static byte[] requireOfficeOpenXml(byte[] bytes, FileFormat format) {
        FileMagic magic = FileMagic.valueOf(bytes);
        if (magic == FileMagic.OOXML) {
            return bytes;
        }
        if (magic == FileMagic.OLE2 && holdsEncryptedPackage(bytes)) {
            throw encrypted(format);
        }
        throw corrupt(format);
    }

    private static boolean holdsEncryptedPackage(byte[] bytes) {
        try (POIFSFileSystem container = new POIFSFileSystem(new ByteArrayInputStream(bytes))) {
            return container.getRoot().hasEntry(ENCRYPTED_OOXML);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Content-Type: unknown charset " + name);
        }
    }

    /** Why a file could not be read is for the operator's log; the caller learns that it could not. */
    private static ProblemException corrupt(FileFormat format, Exception failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        Log.infof("A %s file could not be read: %s", format.label(), cause.toString());
        return corrupt(format);
    }

    private static ProblemException corrupt(FileFormat format) {
        return unreadable("file: the " + format.label() + " file is corrupt; it could not be read as " + format.label());
    }

    private static ProblemException encrypted(FileFormat format) {
        return unreadable("file: the " + format.label()
                + " file is encrypted (password-protected); send it without the password");
    }

    private static ProblemException empty(FileFormat format) {
        return unreadable("file: the " + format.label()
                + " file is empty; it holds no text (a scan without a text layer, blank pages, or no content)");
    }

    private static ProblemException unreadable(String detail) {
        return new ProblemException(422, "Unprocessable Content", detail);
    }
}
