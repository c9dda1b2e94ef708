// A Server-Sent Events parser for streams read with fetch (which, unlike EventSource, can POST a JSON
// body and be aborted). It follows the HTML standard's event-stream rules: lines end with \r\n, \n or \r
// (also when a chunk boundary falls between \r and \n), "data" lines of one event are joined with \n,
// lines starting with ":" are comments (keep-alives), and an unterminated last event is dropped.

/** A parser that calls onEvent({type, data}) for each complete event in the text pushed into it. */
export function createSseParser(onEvent) {
  let buffer = '';
  let first = true;
  let type = '';
  let data = [];
  let hasData = false;

  function line(text) {
    if (text === '') {
      if (hasData) onEvent({ type: type || 'message', data: data.join('\n') });
      type = '';
      data = [];
      hasData = false;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') {
      type = value;
    } else if (field === 'data') {
      data.push(value);
      hasData = true;
    } // "id" and "retry" mean nothing to a one-shot fetch stream
  }

  return {
    push(chunk) {
      buffer += chunk;
      if (first && buffer.length) {
        if (buffer.startsWith('\uFEFF')) buffer = buffer.slice(1);
        first = false;
      }
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        if (c === '\r' && i + 1 === buffer.length) break; // a \n may follow in the next chunk
        line(buffer.slice(start, i));
        if (c === '\r' && buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}

/**
 * Reads an event stream from a fetch Response, calling onEvent for each event as it arrives. Resolves
 * when the stream ends; rejects (AbortError) when the request's AbortController is aborted.
 */
export async function readEventStream(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser(onEvent);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
  } finally {
    reader.releaseLock();
  }
}
