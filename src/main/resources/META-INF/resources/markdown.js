// Markdown for answers and documents: markdown-it turns it into HTML, DOMPurify sanitises that HTML, and
// only then does it reach the page. Answers are model output, which a document can steer, so neither is
// trusted: HTML written in the text is shown as text (html: false), and DOMPurify is the second wall for
// whatever markdown-it lets through. Links are kept only for http(s) URLs; images are never loaded (they
// show as links); citation markers [n] / [n, m] become the nodes options.citation(n) makes (links to the
// answer's sources). Text still being streamed is fine: an unclosed code fence runs to the end.
import '/webjars/markdown-it/dist/markdown-it.min.js'; // its UMD build sets globalThis.markdownit
import DOMPurify from '/webjars/dompurify/dist/purify.es.mjs';

const HTTP = /^https?:\/\//i;
const CITATION = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
// The page's own headings are h1 and h2: a document's # heading becomes an h3.
const HEADING_OFFSET = 2;

const md = globalThis.markdownit({ html: false, linkify: false, typographer: false });
md.validateLink = (url) => HTTP.test(url.trim());
md.disable('image'); // ![alt](url) becomes "!" and a link to the image: nothing is fetched
md.core.ruler.push('heading_offset', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'heading_open' && token.type !== 'heading_close') continue;
    token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + HEADING_OFFSET)}`;
    if (token.type === 'heading_open') token.attrSet('class', 'md-heading');
  }
});

/** Renders Markdown into a DocumentFragment. options: {citation(n) → Node|null}. */
export function renderMarkdown(markdown, options = {}) {
  const fragment = DOMPurify.sanitize(md.render(String(markdown ?? '')), {
    RETURN_DOM_FRAGMENT: true,
    ALLOWED_URI_REGEXP: HTTP,
  });
  for (const link of fragment.querySelectorAll('a[href]')) {
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
  }
  if (options.citation) linkCitations(fragment, options.citation);
  return fragment;
}

/** Replaces [n] markers in text (not in code or links) when every number in them names a source. */
function linkCitations(root, citation) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('a, code, pre') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const text of texts) {
    const value = text.data;
    const parts = [];
    let end = 0;
    for (const match of value.matchAll(CITATION)) {
      const links = match[1].split(',').map((n) => citation(Number(n)));
      if (!links.every(Boolean)) continue;
      parts.push(value.slice(end, match.index));
      links.forEach((link, k) => parts.push(...(k > 0 ? [' ', link] : [link])));
      end = match.index + match[0].length;
    }
    if (end > 0) text.replaceWith(...parts, value.slice(end));
  }
}
