// A small Markdown renderer that is safe by construction: it only ever creates elements from a fixed
// list of tag names and puts text in with text nodes, so no HTML in an answer or a document is ever
// parsed, and no script, event handler or style from it can run. Links are kept only for http(s) URLs.
//
// Supported: paragraphs, ATX headings, **bold**/__bold__, *italic*/_italic_, `code`, fenced code blocks
// (``` or ~~~), ordered/unordered (nested) lists, block quotes, rules, [text](http://…), <http://…>, and
// citation markers [n] / [n, m], which options.citation(n) turns into a node (a link to the n-th source).
// Text still being streamed is fine: an unclosed fence runs to the end, unclosed emphasis stays literal.

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^( {0,3})([-*+])([ \t]+|$)(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])([ \t]+|$)(.*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!<>|~"']/;
const CITATION = /^\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/;
const AUTOLINK = /^<(https?:\/\/[^\s<>]+)>/i;

/** The URL if it is an absolute http(s) URL, else null: no javascript:, data:, relative or odd schemes. */
export function safeUrl(text) {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Renders Markdown into a DocumentFragment. options: {citation(n) → Node|null, headingOffset = 2}. */
export function renderMarkdown(markdown, options = {}) {
  const ctx = { citation: options.citation, headingOffset: options.headingOffset ?? 2 };
  const fragment = document.createDocumentFragment();
  blocks(String(markdown ?? '').replace(/\r\n?/g, '\n').split('\n'), ctx, fragment);
  return fragment;
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

const blank = (line) => line.trim() === '';
const listMarker = (line) => BULLET.exec(line) || ORDERED.exec(line);

function startsBlock(line) {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || listMarker(line) !== null;
}

function blocks(lines, ctx, parent) {
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) { i++; continue; }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const body = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0]}{${marker.length},}\\s*$`).test(lines[i])) {
        body.push(lines[i++]);
      }
      i++; // the closing fence, or past the end while it is still streaming
      const pre = el('pre');
      const code = el('code');
      if (fence[2]) code.dataset.lang = fence[2].slice(0, 30);
      code.textContent = body.join('\n');
      pre.append(code);
      parent.append(pre);
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1].length + ctx.headingOffset);
      const h = el(`h${level}`, 'md-heading');
      inline(heading[2] ?? '', ctx, h);
      parent.append(h);
      i++;
      continue;
    }

    if (RULE.test(line)) {
      parent.append(el('hr'));
      i++;
      continue;
    }

    if (QUOTE.test(line)) {
      const quoted = [];
      while (i < lines.length && !blank(lines[i]) && (QUOTE.test(lines[i]) || !startsBlock(lines[i]))) {
        const q = QUOTE.exec(lines[i]);
        quoted.push(q ? q[1] : lines[i]);
        i++;
      }
      const blockquote = el('blockquote');
      blocks(quoted, ctx, blockquote);
      parent.append(blockquote);
      continue;
    }

    if (listMarker(line)) {
      i = list(lines, i, ctx, parent);
      continue;
    }

    const paragraph = [];
    while (i < lines.length && !blank(lines[i]) && !(paragraph.length && startsBlock(lines[i]))) {
      paragraph.push(lines[i].replace(/^\s+/, '')); // trailing spaces mark a hard line break
      i++;
    }
    const p = el('p');
    inline(paragraph.join('\n'), ctx, p);
    parent.append(p);
  }
}

/** A list starting at lines[start]; its items' bodies are parsed as blocks, which nests lists. */
function list(lines, start, ctx, parent) {
  const first = listMarker(lines[start]);
  const ordered = first.length === 6;
  const listEl = el(ordered ? 'ol' : 'ul');
  if (ordered && first[2] !== '1') listEl.start = Number(first[2]);
  let i = start;
  let loose = false;
  const items = [];
  while (i < lines.length) {
    const m = listMarker(lines[i]);
    if (!m || (m.length === 6) !== ordered) break;
    const indent = m[1].length + (ordered ? m[2].length + 1 : 1) + Math.max(1, m[ordered ? 4 : 3].length);
    const body = [ordered ? m[5] : m[4]];
    i++;
    while (i < lines.length) {
      const next = lines[i];
      if (blank(next)) {
        // A blank line continues the item only if indented content follows.
        let j = i;
        while (j < lines.length && blank(lines[j])) j++;
        if (j < lines.length && /^\s+/.test(lines[j]) && lines[j].search(/\S/) >= Math.min(indent, 2)) {
          loose = true;
          while (i < j) { body.push(''); i++; }
          continue;
        }
        break;
      }
      const leading = next.search(/\S/);
      if (leading >= Math.min(indent, 2)) {
        body.push(next.slice(Math.min(leading, indent)));
      } else if (listMarker(next) || startsBlock(next)) {
        break;
      } else {
        body.push(next.trim()); // lazy continuation of the item's paragraph
      }
      i++;
    }
    items.push(body);
    // A blank line between items makes the list loose; a non-list line after it ends the list.
    if (i < lines.length && blank(lines[i])) {
      let j = i;
      while (j < lines.length && blank(lines[j])) j++;
      const m2 = j < lines.length ? listMarker(lines[j]) : null;
      if (!m2 || (m2.length === 6) !== ordered) break;
      loose = true;
      i = j;
    }
  }
  for (const body of items) {
    const li = el('li');
    const simple = !loose && body.every((l) => !blank(l) && !startsBlock(l));
    if (simple) {
      inline(body.map((l) => l.trim()).join('\n'), ctx, li);
    } else {
      blocks(body, ctx, li);
    }
    listEl.append(li);
  }
  parent.append(listEl);
  return i;
}

/** Length of the run of `ch` starting at i. */
function runLength(text, i, ch) {
  let j = i;
  while (text[j] === ch) j++;
  return j - i;
}

/** Index of the closing emphasis run (same char, same length) for an opener ending at `from`, or -1. */
function closingRun(text, from, ch, n) {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') { j++; continue; }
    if (text[j] === '`') { // emphasis never closes inside a code span
      const len = runLength(text, j, '`');
      const end = text.indexOf('`'.repeat(len), j + len);
      if (end > 0) { j = end + len - 1; continue; }
    }
    if (text[j] !== ch) continue;
    const len = runLength(text, j, ch);
    if (len === n && j > from && !/\s/.test(text[j - 1])
        && !(ch === '_' && /[\p{L}\p{N}]/u.test(text[j + n] ?? ''))) {
      return j;
    }
    j += len - 1;
  }
  return -1;
}

/** Index of the `]` that closes the `[` at i (brackets may nest), or -1. */
function closingBracket(text, i) {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    if (text[j] === '\\') { j++; continue; }
    if (text[j] === '[') depth++;
    else if (text[j] === ']' && --depth === 0) return j;
  }
  return -1;
}

/** `(url "title")` right after a link's text: the URL and where it ends, or null. */
function linkTarget(text, i) {
  const m = /^\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+("[^"]*"|'[^']*'))?\s*\)/.exec(text.slice(i));
  if (!m) return null;
  const url = m[1].startsWith('<') ? m[1].slice(1, -1) : m[1];
  return { url, end: i + m[0].length };
}

function inline(text, ctx, parent) {
  let buffer = '';
  const flush = () => {
    if (buffer) parent.append(document.createTextNode(buffer));
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];

    if (c === '\\' && ESCAPABLE.test(text[i + 1] ?? '')) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }

    if (c === '\n') {
      // A line break inside a paragraph: two trailing spaces or a backslash make it hard.
      if (/ {2,}$/.test(buffer)) {
        buffer = buffer.replace(/ +$/, '');
        flush();
        parent.append(el('br'));
      } else {
        buffer += '\n';
      }
      i++;
      continue;
    }

    if (c === '`') {
      const n = runLength(text, i, '`');
      let end = text.indexOf('`'.repeat(n), i + n);
      while (end >= 0 && runLength(text, end, '`') !== n) end = text.indexOf('`'.repeat(n), end + runLength(text, end, '`'));
      if (end >= 0) {
        flush();
        const code = el('code');
        let content = text.slice(i + n, end).replace(/\n/g, ' ');
        if (/^ .*\S.* $/.test(content)) content = content.slice(1, -1);
        code.textContent = content;
        parent.append(code);
        i = end + n;
      } else {
        buffer += text.slice(i, i + n);
        i += n;
      }
      continue;
    }

    if (c === '*' || c === '_') {
      const n = runLength(text, i, c);
      const opensWord = !/\s/.test(text[i + n] ?? ' ');
      const intraword = c === '_' && /[\p{L}\p{N}]/u.test(text[i - 1] ?? '');
      if (n <= 3 && opensWord && !intraword) {
        const use = n === 3 ? 2 : n; // ***x*** is bold around italic
        const end = closingRun(text, i + use + (n === 3 ? 1 : 0), c, n);
        if (end > i + n) {
          flush();
          const strong = use === 2 ? el('strong') : el('em');
          if (n === 3) {
            const em = el('em');
            inline(text.slice(i + n, end), ctx, em);
            strong.append(em);
          } else {
            inline(text.slice(i + n, end), ctx, strong);
          }
          parent.append(strong);
          i = end + n;
          continue;
        }
      }
      buffer += text.slice(i, i + n);
      i += n;
      continue;
    }

    if (c === '!' && text[i + 1] === '[') {
      // Images are never loaded: a safe link to them, or their description as text.
      const close = closingBracket(text, i + 1);
      const target = close > 0 && text[close + 1] === '(' ? linkTarget(text, close + 1) : null;
      if (target) {
        flush();
        const alt = text.slice(i + 2, close) || 'image';
        const url = safeUrl(target.url);
        if (url) {
          parent.append(anchor(url, `image: ${alt}`));
        } else {
          parent.append(document.createTextNode(`image: ${alt}`));
        }
        i = target.end;
        continue;
      }
    }

    if (c === '[') {
      const close = closingBracket(text, i);
      if (close > 0 && text[close + 1] === '(') {
        const target = linkTarget(text, close + 1);
        if (target) {
          flush();
          const url = safeUrl(target.url);
          const holder = url ? anchor(url) : el('span', 'md-unsafe-link');
          if (!url) holder.title = 'Link removed: only http and https links are shown';
          inline(text.slice(i + 1, close), ctx, holder);
          parent.append(holder);
          i = target.end;
          continue;
        }
      }
      const cited = CITATION.exec(text.slice(i));
      if (cited && ctx.citation) {
        const numbers = cited[1].split(',').map((s) => Number(s.trim()));
        const nodes = numbers.map((n) => ctx.citation(n));
        if (nodes.every(Boolean)) {
          flush();
          nodes.forEach((node, k) => {
            if (k > 0) parent.append(document.createTextNode(' '));
            parent.append(node);
          });
          i += cited[0].length;
          continue;
        }
      }
    }

    if (c === '<') {
      const auto = AUTOLINK.exec(text.slice(i));
      const url = auto && safeUrl(auto[1]);
      if (url) {
        flush();
        parent.append(anchor(url, auto[1]));
        i += auto[0].length;
        continue;
      }
    }

    buffer += c;
    i++;
  }
  flush();
}

function anchor(url, text) {
  const a = el('a');
  a.href = url;
  a.rel = 'noopener noreferrer';
  a.target = '_blank';
  if (text !== undefined) a.textContent = text;
  return a;
}
