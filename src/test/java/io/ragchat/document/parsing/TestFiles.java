package io.ragchat.document.parsing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFSlideLayout;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Office files and PDFs made the way their applications make them, for the upload tests. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A PDF with one page per entry, each page's lines as text. */
    public static byte[] pdf(List<List<String>> pages) {
        return pdf(pages, null);
    }

    /** The same, encrypted: it opens only with {@code userPassword}. */
    public static byte[] encryptedPdf(List<List<String>> pages, String userPassword) {
        return pdf(pages, userPassword);
    }

    private static byte[] pdf(List<List<String>> pages, String userPassword) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(font, 12);
                    text.setLeading(16);
                    text.newLineAtOffset(72, 700);
                    for (String line : lines) {
                        text.showText(line);
                        text.newLine();
                    }
                    text.endText();
                }
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-" + userPassword, userPassword,
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Word document; a line starting with "# " or "## " is a paragraph in the Heading 1 or Heading 2 style. */
    public static byte[] docx(List<String> lines) {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFStyles styles = document.createStyles();
            for (int level = 1; level <= 2; level++) {
                // Word's own: style id "Heading1", name "heading 1"
                CTStyle style = CTStyle.Factory.newInstance();
                style.setStyleId("Heading" + level);
                style.setType(STStyleType.PARAGRAPH);
                style.addNewName().setVal("heading " + level);
                styles.addStyle(new XWPFStyle(style));
            }
            for (String line : lines) {
                var paragraph = document.createParagraph();
                if (line.startsWith("## ")) {
                    paragraph.setStyle("Heading2");
                    line = line.substring(3);
                } else if (line.startsWith("# ")) {
                    paragraph.setStyle("Heading1");
                    line = line.substring(2);
                }
                paragraph.createRun().setText(line);
            }
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workbook of one sheet with these rows. */
    public static byte[] xlsx(String sheetName, List<List<String>> rows) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = workbook.createSheet(sheetName);
            for (int r = 0; r < rows.size(); r++) {
                XSSFRow row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deck of title-and-content slides: each entry is {title, body}. */
    public static byte[] pptx(List<List<String>> slides) {
        try (XMLSlideShow deck = new XMLSlideShow(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSLFSlideLayout layout = deck.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE_AND_CONTENT);
            for (List<String> content : slides) {
                XSLFSlide slide = deck.createSlide(layout);
                slide.getPlaceholder(0).setText(content.get(0));
                slide.getPlaceholder(1).setText(content.get(1));
            }
            deck.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
