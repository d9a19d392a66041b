// The WHATWG HTML "event stream interpretation", step by step:
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
//
// Bytes are decoded by one streaming UTF-8 decoder per stream, which strips a single leading
// BOM and turns invalid sequences (also those split across chunks) into U+FFFD, exactly as the
// spec's "UTF-8 decode" does. Lines end in CRLF, LF or CR, and a CR at the end of one chunk
// followed by LF at the start of the next is one line end. A line longer than one chunk is
// collected as a list of pieces and joined once, so a 16 MB event costs linear time.

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

export interface ParsedEvent {
  /** Event type; `message` when the stream named none. */
  type: string;
  data: string;
  /** The stream's last event ID at dispatch (may be empty). */
  lastEventId: string;
}

export interface EventStreamParserHandlers {
  /** A complete event with data. */
  onEvent(event: ParsedEvent): void;
  /** The last event ID buffer was committed (on every dispatch, even without data). */
  onLastEventId?(id: string): void;
  /** A valid `retry:` field (ASCII digits only). */
  onRetry?(ms: number): void;
}

export class EventStreamParser {
  #decoder = new TextDecoder('utf-8');
  #handlers: EventStreamParserHandlers;
  /** Pieces of the current line that arrived in earlier chunks. */
  #pieces: string[] = [];
  /** The previous chunk ended in CR: an LF at the start of the next one belongs to it. */
  #skipLeadingLF = false;
  #data = '';
  #hasData = false;
  #eventType = '';
  #lastEventIdBuffer = '';

  /**
   * @param initialLastEventId The last event ID buffer's starting value. The spec starts it
   * empty for every stream; a client reconnecting passes the id it resumes from (as browsers'
   * EventSource does), so that a comment-only block at the start of the new connection does not
   * erase the resume point.
   */
  constructor(handlers: EventStreamParserHandlers, initialLastEventId = '') {
    this.#handlers = handlers;
    this.#lastEventIdBuffer = initialLastEventId;
  }

  /** The stream's last event ID buffer. */
  get lastEventIdBuffer(): string {
    return this.#lastEventIdBuffer;
  }

  /** Feeds raw bytes. */
  pushBytes(chunk: Uint8Array): void {
    this.pushText(this.#decoder.decode(chunk, { stream: true }));
  }

  /** Feeds already-decoded text (the BOM is not stripped here: `pushBytes` does that). */
  pushText(text: string): void {
    const length = text.length;
    let start = 0;
    if (this.#skipLeadingLF) {
      if (length === 0) return;
      this.#skipLeadingLF = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // Next LF and CR positions, each searched again only once it has been passed.
    let nextLF = text.indexOf('\n', start);
    let nextCR = text.indexOf('\r', start);
    while (start < length) {
      let end: number;
      if (nextLF === -1 && nextCR === -1) break;
      if (nextCR === -1 || (nextLF !== -1 && nextLF < nextCR)) end = nextLF;
      else end = nextCR;

      let line = text.slice(start, end);
      if (this.#pieces.length > 0) {
        this.#pieces.push(line);
        line = this.#pieces.join('');
        this.#pieces = [];
      }
      this.#processLine(line);

      if (text.charCodeAt(end) === CR) {
        if (end + 1 === length) {
          this.#skipLeadingLF = true;
          start = length;
          break;
        }
        start = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
    }
    if (start < length) this.#pieces.push(start === 0 ? text : text.slice(start));
  }

  /**
   * The stream ended. An unterminated last event is discarded (never dispatched), as are any
   * bytes of an incomplete UTF-8 sequence.
   */
  end(): void {
    this.#decoder.decode();
    this.#pieces = [];
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#skipLeadingLF = false;
  }

  #processLine(line: string): void {
    if (line.length === 0) {
      this.#dispatch();
      return;
    }
    const first = line.charCodeAt(0);
    if (first === COLON) return; // comment
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      const valueStart = line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
      value = line.slice(valueStart);
    }
    switch (field) {
      case 'data':
        // Kept without the spec's trailing LF, which dispatch would remove again.
        this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
        this.#hasData = true;
        break;
      case 'event':
        this.#eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastEventIdBuffer = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.#handlers.onRetry?.(Number.parseInt(value, 10));
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  #dispatch(): void {
    this.#handlers.onLastEventId?.(this.#lastEventIdBuffer);
    if (!this.#hasData) {
      this.#eventType = '';
      return;
    }
    const event: ParsedEvent = {
      type: this.#eventType === '' ? 'message' : this.#eventType,
      data: this.#data,
      lastEventId: this.#lastEventIdBuffer,
    };
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#handlers.onEvent(event);
  }
}
