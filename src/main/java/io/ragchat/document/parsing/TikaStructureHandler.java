package io.ragchat.document.parsing;

import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/** Tika's XHTML events into {@link StructureHandler}; what precedes {@code <body>} (the title, metadata) is skipped. */
final class TikaStructureHandler extends DefaultHandler {

    private final StructureHandler structure;
    private boolean inBody;

    TikaStructureHandler(boolean trackPages) {
        this.structure = new StructureHandler(trackPages);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        String name = localName.isEmpty() ? qName : localName;
        if (name.equals("body")) {
            inBody = true;
        }
        if (inBody) {
            structure.start(name, attributes.getValue("class"));
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        if (inBody) {
            structure.end(localName.isEmpty() ? qName : localName);
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (inBody) {
            structure.text(ch, start, length);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        characters(ch, start, length);
    }

    MarkdownWriter finish() {
        return structure.finish();
    }
}
