package io.ragchat.document.parsing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.apache.poi.sl.usermodel.Placeholder;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFGroupShape;
import org.apache.poi.xslf.usermodel.XSLFShape;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTableCell;
import org.apache.poi.xslf.usermodel.XSLFTableRow;
import org.apache.poi.xslf.usermodel.XSLFTextParagraph;
import org.apache.poi.xslf.usermodel.XSLFTextShape;

/**
 * A PowerPoint deck as Markdown, read with POI (which Tika uses too): each slide is a section headed by its title
 * (Tika's output does not tell the title from the other text), then its text boxes' paragraphs and its tables'
 * rows. Slide numbers, dates and footers are left out.
 */
final class SlideDeckText {

    private static final Set<Placeholder> NOT_CONTENT = Set.of(Placeholder.TITLE, Placeholder.CENTERED_TITLE,
            Placeholder.SLIDE_NUMBER, Placeholder.DATETIME, Placeholder.FOOTER, Placeholder.HEADER);

    private SlideDeckText() {
    }

    static ParsedDocument parse(byte[] bytes) throws IOException {
        try (XMLSlideShow deck = new XMLSlideShow(new ByteArrayInputStream(bytes))) {
            MarkdownWriter writer = new MarkdownWriter();
            int number = 0;
            for (XSLFSlide slide : deck.getSlides()) {
                number++;
                String title = MarkdownWriter.inline(slide.getTitle());
                writer.heading(1, title.isEmpty() ? "Slide " + number : title);
                shapes(slide.getShapes(), writer);
            }
            String title = deck.getProperties().getCoreProperties().getTitle();
            return new ParsedDocument(writer.text(), MarkdownWriter.inline(title).isEmpty() ? null : title.strip(),
                    List.of());
        }
    }

    private static void shapes(List<XSLFShape> shapes, MarkdownWriter writer) {
        for (XSLFShape shape : shapes) {
            if (shape instanceof XSLFTextShape text && !NOT_CONTENT.contains(text.getPlaceholder())) {
                for (XSLFTextParagraph paragraph : text.getTextParagraphs()) {
                    if (paragraph.isBullet()) {
                        writer.listItem(paragraph.getText());
                    } else {
                        writer.paragraph(paragraph.getText());
                    }
                }
            } else if (shape instanceof XSLFTable table) {
                for (XSLFTableRow row : table.getRows()) {
                    writer.tableRow(row.getCells().stream().map(XSLFTableCell::getText).toList());
                }
            } else if (shape instanceof XSLFGroupShape group) {
                shapes(group.getShapes(), writer);
            }
        }
    }
}
