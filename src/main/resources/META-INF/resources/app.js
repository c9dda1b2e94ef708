// ragchat's chat page: asks /api/chat and shows the answer as it streams, with its sources, stage
// timings and a Stop button; lists conversations; uploads documents. Text from answers and documents
// only reaches the page through markdown.js: markdown-it and DOMPurify, served from their webjars.
// sse.js stays our own: no maintained SSE-over-fetch client is on Maven Central (neither eventsource-parser
// nor @microsoft/fetch-event-source), and the latter would re-POST the question on its automatic retries.
import { renderMarkdown } from './markdown.js';
import { readEventStream } from './sse.js';

const $ = (id) => document.getElementById(id);
const ui = {
  messages: $('messages'),
  empty: $('empty-state'),
  form: $('chat-form'),
  input: $('question'),
  send: $('send'),
  stop: $('stop'),
  newChat: $('new-chat'),
  menu: $('menu-toggle'),
  sidebar: $('sidebar'),
  conversations: $('conversations'),
  conversationsEmpty: $('conversations-empty'),
  upload: $('upload-form'),
  file: $('doc-file'),
  title: $('doc-title'),
  uploadButton: $('upload-button'),
  uploadStatus: $('upload-status'),
  panel: $('doc-panel'),
  panelTitle: $('doc-panel-title'),
  panelBody: $('doc-panel-body'),
  panelRaw: $('doc-panel-raw'),
  panelClose: $('doc-panel-close'),
  signIn: $('sign-in'),
  signInMessage: $('sign-in-message'),
  token: $('token'),
};

const state = {
  conversationId: null,
  controller: null, // the AbortController of the answer being streamed
  conversations: [],
  pending: null, // a conversation started here that the history may not have written yet
  panelOpener: null,
};

const STAGES = { retrieving: 'retrieving', generating: 'generating' };
const TIMINGS = [
  ['embeddingMs', 'Embedding the question'],
  ['retrievalMs', 'Searching the documents'],
  ['historyMs', 'Loading the conversation'],
  ['firstTokenMs', 'First token'],
  ['llmMs', 'Generating'],
  ['totalMs', 'Total'],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const contentUrl = (documentId) => `/api/documents/${encodeURIComponent(documentId)}/content`;

/** An error carrying an RFC 9457 problem ({title, detail, status}). */
class ProblemError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
}

async function problemOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: describe the status
  }
  return new ProblemError({
    status: response.status,
    title: body?.title || response.statusText || 'Request failed',
    detail: body?.detail || `The server answered ${response.status}.`,
  });
}

// --- Credentials --------------------------------------------------------------------------------------
// With authentication on, every request carries the caller's token. It arrives in the URL fragment
// (#token=..., never sent to any server, so it stays out of access logs) and is kept in sessionStorage:
// for this tab only, gone when it closes.

const TOKEN_KEY = 'ragchat.token';

function takeTokenFromUrl() {
  const match = /^#token=([^&]+)$/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

function showSignIn(message) {
  ui.signInMessage.textContent = message;
  ui.signIn.hidden = false;
}

/** fetch with the caller's token; a 401 asks for a (new) token. */
async function api(url, options = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { ...(options.headers || {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(url, { ...options, headers });
  if (response.status === 401) {
    showSignIn(token
      ? 'Your token was not accepted: it may have expired. Paste a new one to go on.'
      : 'This service needs a token. Paste the one you were given (./ragchat token prints one), or open the page with #token=… at the end of its address.');
  }
  return response;
}

async function getJson(url) {
  const response = await api(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw await problemOf(response);
  return response.json();
}

// --- Messages ---------------------------------------------------------------------------------------

function nearBottom() {
  const m = ui.messages;
  return m.scrollHeight - m.scrollTop - m.clientHeight < 96;
}

function scrollToEnd() {
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

function clearMessages() {
  ui.messages.replaceChildren(ui.empty);
  ui.empty.hidden = false;
}

function addUserMessage(text) {
  ui.empty.hidden = true;
  const article = el('article', 'msg user');
  article.setAttribute('aria-label', 'Question');
  article.append(el('p', 'msg-text', text));
  ui.messages.append(article);
  return article;
}

const BLOCKS = new Set(['P', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/** One answer: its status while it is prepared, its text as it grows, its sources and timings. */
class AnswerView {
  constructor() {
    ui.empty.hidden = true;
    this.text = '';
    this.sources = [];
    this.frame = 0;
    this.article = el('article', 'msg assistant');
    this.article.setAttribute('aria-label', 'Answer');
    this.thinking = el('p', 'thinking');
    this.stageText = el('span', 'stage');
    this.thinking.append(el('span', 'spinner'), 'Thinking…', ' ', this.stageText);
    this.body = el('div', 'answer md');
    this.footer = el('div', 'answer-footer');
    this.article.append(this.thinking, this.body, this.footer);
    this.setState('thinking');
    ui.messages.append(this.article);
  }

  setState(value) {
    this.article.dataset.state = value;
    this.article.setAttribute('aria-busy', String(value === 'thinking' || value === 'streaming'));
  }

  meta(meta) {
    this.provider = meta.provider;
    this.model = meta.model;
    if (meta.note) this.note = meta.note;
  }

  stage(stage) {
    this.stageText.textContent = STAGES[stage] ?? String(stage);
  }

  showSources(sources) {
    this.sources = Array.isArray(sources) ? sources : [];
    this.sourcesEl?.remove();
    if (!this.sources.length) return;
    const section = el('section', 'sources');
    section.setAttribute('aria-label', 'Sources');
    section.append(el('h3', 'sources-heading', 'Sources'));
    const list = el('ol');
    this.sources.forEach((source, i) => {
      const item = el('li', 'source');
      const link = el('a', 'source-link');
      link.href = contentUrl(source.documentId);
      link.dataset.docId = source.documentId;
      link.dataset.docTitle = source.title ?? '';
      link.append(el('span', 'source-number', `[${i + 1}]`), ' ', el('span', 'source-title', source.title || 'Untitled'));
      item.append(link);
      if (Number.isInteger(source.page)) {
        const page = el('span', 'source-page', `p. ${source.page}`);
        page.title = `Page ${source.page} of the document`;
        item.append(' ', page);
      }
      if (typeof source.score === 'number') {
        const score = el('span', 'score', source.score.toFixed(2));
        score.title = 'Similarity to the question';
        item.append(' ', score);
      }
      if (source.snippet) item.append(el('p', 'snippet', source.snippet));
      list.append(item);
    });
    section.append(list);
    this.sourcesEl = section;
    this.footer.prepend(section);
  }

  /** The n-th source as a link, for a [n] marker in the answer; null when there is no such source. */
  citation(n) {
    const source = this.sources[n - 1];
    if (!source) return null;
    const link = el('a', 'cite', `[${n}]`);
    link.href = contentUrl(source.documentId);
    link.dataset.docId = source.documentId;
    link.dataset.docTitle = source.title ?? '';
    link.setAttribute('aria-label', `Source ${n}: ${source.title || 'Untitled'}`);
    link.title = source.title || '';
    return link;
  }

  append(text) {
    if (this.article.dataset.state === 'thinking') {
      this.thinking.remove();
      this.setState('streaming');
    }
    this.text += text;
    // Render at most once a frame: tokens can arrive faster than the screen refreshes.
    this.frame ||= requestAnimationFrame(() => this.render());
  }

  render() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const stick = nearBottom();
    this.body.replaceChildren(renderMarkdown(this.text, { citation: (n) => this.citation(n) }));
    if (this.article.dataset.state === 'streaming') {
      let target = this.body;
      while (target.lastElementChild && BLOCKS.has(target.lastElementChild.tagName)) target = target.lastElementChild;
      const cursor = el('span', 'cursor');
      cursor.setAttribute('aria-hidden', 'true');
      target.append(cursor);
    }
    if (stick) scrollToEnd();
  }

  finish(value, message) {
    this.thinking.remove();
    this.setState(value);
    this.render();
    if (message) {
      const p = el('p', `answer-end ${value}`, message);
      if (value === 'error') p.setAttribute('role', 'alert');
      this.footer.prepend(p);
    }
  }

  done(done) {
    this.finish('done');
    this.showTimings(done.timings, done.usage, done.embeddingCached);
  }

  stopped() {
    this.finish('stopped', this.text ? 'Stopped.' : 'Stopped before the answer started.');
  }

  fail(problem) {
    const what = [problem.title, problem.detail].filter(Boolean).join(': ');
    this.finish('error', what || 'The answer failed.');
  }

  showTimings(timings, usage, cached) {
    if (!timings) return;
    const details = el('details', 'timings');
    const summary = el('summary', null, 'Timings');
    if (typeof timings.totalMs === 'number') summary.append(el('span', 'muted', ` · ${timings.totalMs} ms`));
    details.append(summary);
    const list = el('dl');
    const row = (name, value) => list.append(el('dt', null, name), el('dd', null, value));
    for (const [key, label] of TIMINGS) {
      if (typeof timings[key] !== 'number') continue;
      const cachedNote = key === 'embeddingMs' && cached ? ' (cached)' : '';
      row(label, `${timings[key]} ms${cachedNote}`);
    }
    if (usage && (usage.promptTokens != null || usage.completionTokens != null)) {
      row('Tokens', `${usage.promptTokens ?? '?'} in, ${usage.completionTokens ?? '?'} out`);
    }
    if (this.provider) row('Model', this.model && this.model !== this.provider ? `${this.provider} · ${this.model}` : this.provider);
    details.append(list);
    if (this.note) details.append(el('p', 'muted note', this.note));
    this.footer.append(details);
  }
}

// --- Asking -------------------------------------------------------------------------------------------

function setBusy(busy) {
  const hadFocus = document.activeElement === ui.input || document.activeElement === ui.send;
  const stopHadFocus = document.activeElement === ui.stop;
  ui.input.disabled = busy;
  ui.send.hidden = busy;
  ui.stop.hidden = !busy;
  ui.form.classList.toggle('busy', busy);
  if (busy && hadFocus) ui.stop.focus();
  if (!busy && (stopHadFocus || document.activeElement === document.body || document.activeElement === null)) {
    ui.input.focus();
  }
}

async function ask(question) {
  addUserMessage(question);
  const view = new AnswerView();
  scrollToEnd();
  const controller = new AbortController();
  state.controller = controller;
  setBusy(true);
  let ended = false;
  try {
    const response = await api('/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ message: question, conversationId: state.conversationId ?? undefined }),
      signal: controller.signal,
    });
    if (!response.ok) throw await problemOf(response);
    if (!(response.headers.get('Content-Type') || '').startsWith('text/event-stream') || !response.body) {
      throw new ProblemError({ title: 'Unexpected response', detail: 'The server did not answer with an event stream.' });
    }
    await readEventStream(response, (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return; // not one of ours
      }
      switch (event.type) {
        case 'meta':
          view.meta(data);
          startedConversation(data.conversationId, question);
          break;
        case 'status':
          view.stage(data.stage);
          break;
        case 'sources':
          view.showSources(data);
          break;
        case 'token':
          view.append(data.text ?? '');
          break;
        case 'done':
          ended = true;
          view.done(data);
          break;
        case 'error':
          ended = true;
          view.fail(data);
          break;
        default:
      }
    });
    if (!ended) view.fail({ title: 'Connection closed', detail: 'The answer ended before it was complete.' });
  } catch (error) {
    if (error.name === 'AbortError') {
      view.stopped();
    } else if (error instanceof ProblemError) {
      view.fail(error.problem);
    } else {
      view.fail({ title: 'Network error', detail: error.message });
    }
  } finally {
    if (state.controller === controller) state.controller = null;
    setBusy(false);
    refreshConversations();
  }
}

function stop() {
  state.controller?.abort();
}

function startedConversation(id, question) {
  if (!id || !UUID.test(id)) return;
  const isNew = state.conversationId !== id;
  state.conversationId = id;
  if (isNew) {
    state.pending = { id, title: question.replace(/\s+/g, ' ').trim(), updatedAt: new Date().toISOString() };
    history.replaceState(null, '', `#/c/${id}`);
    renderConversations();
  }
}

// --- Conversations ----------------------------------------------------------------------------------

async function refreshConversations() {
  try {
    state.conversations = await getJson('/api/conversations?limit=50');
  } catch {
    return; // keep what is shown
  }
  if (state.pending && state.conversations.some((c) => c.id === state.pending.id)) state.pending = null;
  renderConversations();
  // The history is written in the background: look again shortly for a conversation just started.
  if (state.pending && !state.retry) {
    state.retry = setTimeout(() => {
      state.retry = 0;
      refreshConversations();
    }, 1000);
  }
}

function renderConversations() {
  const all = state.pending && !state.conversations.some((c) => c.id === state.pending.id)
    ? [state.pending, ...state.conversations]
    : state.conversations;
  const items = all.map((c) => {
    const li = el('li');
    const link = el('a', 'conversation');
    link.append(el('span', 'conversation-title', c.title || 'Untitled'));
    link.title = c.title || '';
    link.href = `#/c/${c.id}`;
    link.dataset.conversationId = c.id;
    if (c.id === state.conversationId) link.setAttribute('aria-current', 'page');
    if (c.updatedAt) {
      const time = el('time', 'muted', new Date(c.updatedAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }));
      time.dateTime = c.updatedAt;
      link.append(time);
    }
    li.append(link);
    return li;
  });
  ui.conversations.replaceChildren(...items);
  ui.conversationsEmpty.hidden = items.length > 0;
}

async function openConversation(id) {
  stop();
  state.conversationId = id;
  renderConversations();
  closeSidebar();
  clearMessages();
  ui.messages.setAttribute('aria-busy', 'true');
  try {
    const messages = await getJson(`/api/conversations/${encodeURIComponent(id)}/messages`);
    if (state.conversationId !== id) return; // another one was chosen meanwhile
    for (const message of messages) {
      if (message.role === 'user') {
        addUserMessage(message.content);
        continue;
      }
      const view = new AnswerView();
      view.meta({ provider: message.provider, model: message.model });
      view.showSources(message.sources);
      view.text = message.content ?? '';
      if (message.status === 'cancelled') view.stopped();
      else if (message.status === 'failed') view.fail({ title: 'The answer failed', detail: message.error });
      else {
        view.finish('done');
        view.showTimings(message.timings, message.usage, false);
      }
    }
    ui.messages.dataset.conversationId = id;
  } catch (error) {
    const p = el('p', 'answer-end error', `This conversation could not be loaded: ${error.message}`);
    p.setAttribute('role', 'alert');
    ui.messages.append(p);
  } finally {
    ui.messages.removeAttribute('aria-busy');
    scrollToEnd();
    ui.input.focus();
  }
}

function newChat() {
  stop();
  state.conversationId = null;
  history.replaceState(null, '', location.pathname + location.search);
  delete ui.messages.dataset.conversationId;
  clearMessages();
  renderConversations();
  closeSidebar();
  ui.input.focus();
}

function route() {
  if (location.hash && !location.hash.startsWith('#/')) return; // an in-page anchor, not a conversation
  const match = /^#\/c\/([0-9a-f-]{36})$/i.exec(location.hash);
  if (match && UUID.test(match[1])) {
    if (match[1] !== state.conversationId || !ui.messages.querySelector('.msg')) openConversation(match[1]);
  } else if (state.conversationId) {
    newChat();
  }
}

// --- Sidebar (a drawer at phone widths) --------------------------------------------------------------

function openSidebar() {
  ui.sidebar.classList.add('open');
  ui.menu.setAttribute('aria-expanded', 'true');
  ui.sidebar.querySelector('a, button, input')?.focus();
}

function closeSidebar() {
  if (!ui.sidebar.classList.contains('open')) return;
  ui.sidebar.classList.remove('open');
  ui.menu.setAttribute('aria-expanded', 'false');
}

// --- Documents ----------------------------------------------------------------------------------------

async function openDocument(id, title, opener) {
  state.panelOpener = opener;
  ui.panelTitle.textContent = title || 'Document';
  if (ui.panelRaw.href.startsWith('blob:')) URL.revokeObjectURL(ui.panelRaw.href);
  ui.panelRaw.href = contentUrl(id);
  ui.panelBody.replaceChildren(el('p', 'muted', 'Loading…'));
  ui.panel.dataset.documentId = id;
  if (!ui.panel.open) ui.panel.showModal();
  try {
    const response = await api(contentUrl(id), { headers: { Accept: 'text/plain' } });
    if (!response.ok) throw await problemOf(response);
    const text = await response.text();
    if (ui.panel.dataset.documentId === id) {
      ui.panelBody.replaceChildren(renderMarkdown(text));
      // The tab the link opens sends no Authorization header: it gets the text already fetched.
      ui.panelRaw.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    }
  } catch (error) {
    ui.panelBody.replaceChildren(el('p', 'answer-end error', `The document could not be loaded: ${error.message}`));
  }
}

/** Markdown and text are sent as text; PDF, Office files and HTML as files the service parses. */
function isTextFile(file) {
  return !!file && (/\.(md|markdown|txt)$/i.test(file.name) || ['text/markdown', 'text/plain'].includes(file.type));
}

async function upload(event) {
  event.preventDefault();
  const file = ui.file.files?.[0];
  const title = ui.title.value.trim();
  const text = isTextFile(file);
  if (!file || (text && !title)) {
    ui.uploadStatus.textContent = 'Choose a file; a Markdown or text file needs a title.';
    return;
  }
  const type = /\.txt$/i.test(file.name) || file.type === 'text/plain' ? 'text/plain' : 'text/markdown';
  ui.uploadButton.disabled = true;
  ui.uploadStatus.textContent = `Uploading “${title || file.name}”…`;
  try {
    let response;
    if (text) {
      response = await api(`/api/documents?title=${encodeURIComponent(title)}`, {
        method: 'POST',
        headers: { 'Content-Type': `${type}; charset=utf-8`, Accept: 'application/json' },
        body: await file.text(),
      });
    } else {
      // Other files go as a form, so the service learns the file's name (the title when the file has none).
      const form = new FormData();
      form.append('file', file);
      if (title) form.append('title', title);
      response = await api('/api/documents', { method: 'POST', headers: { Accept: 'application/json' }, body: form });
    }
    if (!response.ok) throw await problemOf(response);
    const result = await response.json();
    const chunks = `${result.chunks} ${result.chunks === 1 ? 'chunk' : 'chunks'}`;
    ui.uploadStatus.textContent = result.status === 'unchanged'
      ? `“${result.title}” was already added (${chunks}).`
      : `Added “${result.title}” (${chunks}). Ask about it.`;
    ui.upload.reset();
    delete ui.title.dataset.auto;
  } catch (error) {
    ui.uploadStatus.textContent = `Upload failed: ${error.message}`;
  } finally {
    ui.uploadButton.disabled = false;
  }
}

// --- Wiring -----------------------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = ui.input.value.trim();
  if (!question || state.controller) return;
  ui.input.value = '';
  ask(question);
});

ui.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
});

ui.stop.addEventListener('click', stop);
// The skip link moves the focus itself: following it would change the hash, which names conversations.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  (ui.input.disabled ? ui.stop : ui.input).focus();
});
ui.newChat.addEventListener('click', newChat);
ui.menu.addEventListener('click', () => (ui.sidebar.classList.contains('open') ? closeSidebar() : openSidebar()));

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || ui.panel.open) return;
  if (state.controller) {
    stop();
  } else if (ui.sidebar.classList.contains('open')) {
    closeSidebar();
    ui.menu.focus();
  }
});

// Source and citation links open the document in a panel; with a modifier key, in a new tab.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-doc-id]');
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  openDocument(link.dataset.docId, link.dataset.docTitle, link);
});

ui.conversations.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-conversation-id]');
  // The same conversation again: reload it (the hash does not change, so no hashchange follows).
  if (link && link.dataset.conversationId === state.conversationId) {
    event.preventDefault();
    openConversation(link.dataset.conversationId);
  }
});

ui.panelClose.addEventListener('click', () => ui.panel.close());
ui.panel.addEventListener('close', () => {
  delete ui.panel.dataset.documentId;
  state.panelOpener?.focus();
  state.panelOpener = null;
});

ui.upload.addEventListener('submit', upload);
ui.signIn.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = ui.token.value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  ui.signIn.reset();
  ui.signIn.hidden = true;
  refreshConversations();
});
ui.file.addEventListener('change', () => {
  const file = ui.file.files?.[0];
  if (file && (!ui.title.value.trim() || ui.title.dataset.auto)) {
    // Other files carry their own title, which the service takes when none is given.
    ui.title.value = isTextFile(file) ? file.name.replace(/\.(md|markdown|txt)$/i, '').replace(/[-_]+/g, ' ').trim() : '';
    ui.title.dataset.auto = '1';
  }
});
ui.title.addEventListener('input', () => delete ui.title.dataset.auto);

window.addEventListener('hashchange', () => {
  takeTokenFromUrl();
  route();
});

takeTokenFromUrl();
route();
refreshConversations();
document.documentElement.dataset.ready = 'true';
