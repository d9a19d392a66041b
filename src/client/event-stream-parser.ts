// The WHATWG HTML "event stream interpretation", step by step:
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
//
// Bytes are decoded by one streaming UTF-8 decoder per stream, which strips a single leading
// BOM and turns invalid sequences (also those split across chunks) into U+FFFD, exactly as the
// spec's "UTF-8 decode" does. Lines end in CRLF, LF or CR, and a CR at the end of one chunk
// followed by LF at the start of the next is one line end. A line longer than one chunk is
// collected as a list of pieces and joined once, so a 16 MB event costs linear time.
//
// Not in the spec: a size limit. A server (or a proxy gone wrong) that never ends a line would
// otherwise make the parser buffer without end until the page or process runs out of memory.

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/** The default `maxEventSize`: 16 Mi characters, far above any progress event. */
const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;

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
  /**
   * The event being read outgrew `maxEventSize`. Called once; the parser has dropped what it
   * held and ignores the rest of the stream (until `end()`).
   */
  onTooLarge?(maxEventSize: number): void;
}

export interface EventStreamParserOptions {
  /**
   * The most characters (UTF-16 code units: what a string holds; for ASCII text such as JSON,
   * bytes) the event being read may hold: its data so far plus the line being read (comments,
   * `id:` and `event:` lines included). Beyond it the parser calls `onTooLarge` and stops.
   * Default 16 Mi (16,777,216); a value that is not a positive number gets the
   * default; `Infinity` removes the limit.
   */
  maxEventSize?: number;
}

/** `maxEventSize` as given, or the default when it is not a positive number. */
export function maxEventSizeOption(value: number | undefined): number {
  return value !== undefined && value > 0 ? Math.floor(value) : DEFAULT_MAX_EVENT_SIZE;
}

export class EventStreamParser {
  #decoder = new TextDecoder('utf-8');
  #handlers: EventStreamParserHandlers;
  /** Pieces of the current line that arrived in earlier chunks… */
  #pieces: string[] = [];
  /** …and their total length. */
  #piecesLength = 0;
  readonly #maxEventSize: number;
  /** The limit was exceeded: everything up to `end()` is ignored. */
  #tooLarge = false;
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
  constructor(handlers: EventStreamParserHandlers, initialLastEventId = '', options: EventStreamParserOptions = {}) {
    this.#handlers = handlers;
    this.#lastEventIdBuffer = initialLastEventId;
    this.#maxEventSize = maxEventSizeOption(options.maxEventSize);
  }

  /** The stream's last event ID buffer. */
  get lastEventIdBuffer(): string {
    return this.#lastEventIdBuffer;
  }

  /**
   * Characters held for the event being read (its data plus the unfinished line). Never more
   * than `maxEventSize`: this is what bounds the parser's memory.
   */
  get bufferedLength(): number {
    return this.#piecesLength + this.#data.length;
  }

  /** Feeds raw bytes. */
  pushBytes(chunk: Uint8Array): void {
    if (this.#tooLarge) return;
    this.pushText(this.#decoder.decode(chunk, { stream: true }));
  }

  /** Feeds already-decoded text (the BOM is not stripped here: `pushBytes` does that). */
  pushText(text: string): void {
    if (this.#tooLarge) return;
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

      // Checked before the pieces are joined: an oversized line is never built.
      if (this.#overflows(end - start)) return;
      let line = text.slice(start, end);
      if (this.#pieces.length > 0) {
        this.#pieces.push(line);
        line = this.#pieces.join('');
        this.#pieces = [];
        this.#piecesLength = 0;
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
    if (start < length) {
      if (this.#overflows(length - start)) return;
      this.#pieces.push(start === 0 ? text : text.slice(start));
      this.#piecesLength += length - start;
    }
  }

  /**
   * The stream ended. An unterminated last event is discarded (never dispatched), as are any
   * bytes of an incomplete UTF-8 sequence.
   */
  end(): void {
    this.#decoder.decode();
    this.#dropEvent();
    this.#skipLeadingLF = false;
    this.#tooLarge = false;
  }

  /**
   * Whether `more` characters of the current line would take the event over the limit; if so,
   * drops it, stops parsing and reports it.
   */
  #overflows(more: number): boolean {
    if (this.bufferedLength + more <= this.#maxEventSize) return false;
    this.#dropEvent();
    this.#tooLarge = true;
    this.#handlers.onTooLarge?.(this.#maxEventSize);
    return true;
  }

  #dropEvent(): void {
    this.#pieces = [];
    this.#piecesLength = 0;
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
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
