// The WHATWG HTML "event stream interpretation", step by step:
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
//
// Bytes are decoded by one streaming UTF-8 decoder per stream, which strips a single leading
// BOM and turns invalid sequences (also those split across chunks) into U+FFFD, exactly as the
// spec's "UTF-8 decode" does. Lines end in CRLF, LF or CR, and a CR at the end of one chunk
// followed by LF at the start of the next is one line end.
//
// Speed: a line inside one decoded chunk is read where it lies, by offsets: only field values
// become strings of their own, and an event costs one object (see `emit`). A line longer than
// one chunk is collected as a list of pieces and joined once, so a 16 MB event costs linear time.
//
// Not in the spec: a size limit. A server (or a proxy gone wrong) that never ends a line would
// otherwise make the parser buffer without end until the page or process runs out of memory.

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const STREAM: TextDecodeOptions = { stream: true };

/** The default `maxEventSize`: 16 Mi characters, far above any progress event. */
const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;

/** The field a line starting with this character code may be: the only four the spec knows. */
function fieldName(code: number): string | undefined {
  return code === 100 ? 'data' : code === 101 ? 'event' : code === 105 ? 'id' : code === 114 ? 'retry' : undefined;
}

/**
 * How many characters at `line[start]` are (the beginning of) `data: `, `event: `, `id: ` or
 * `retry: `: a field name does not count towards `maxEventSize`. As a line grows by a character
 * this grows by one at most, so what a line counts only grows as it arrives, however it is
 * split into chunks.
 */
function nameLength(line: string, start: number, end: number): number {
  const field = fieldName(line.charCodeAt(start));
  const name = field === undefined ? '' : `${field}: `;
  let n = 0;
  while (n < name.length && start + n < end && line.charCodeAt(start + n) === name.charCodeAt(n)) n++;
  return n;
}

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
   * bytes) the event being read may hold: its data (lines joined with `\n`) with the line being
   * read added to it. Field names (`data: `, `id: `…) do not count; comments, ids and event
   * names do while they are read. Beyond it the parser calls `onTooLarge` and stops.
   * Default 16 Mi (16,777,216); a value that is not a positive number gets the default;
   * `Infinity` removes the limit.
   */
  maxEventSize?: number;
}

/** `maxEventSize` as given, or the default when it is not a positive number. */
export function maxEventSizeOption(value: number | undefined): number {
  return value !== undefined && value > 0 ? Math.floor(value) : DEFAULT_MAX_EVENT_SIZE;
}

export class EventStreamParser {
  readonly #decoder = new TextDecoder();
  readonly #handlers: EventStreamParserHandlers;
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
  #lastEventIdBuffer: string;

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
   * What the event being read counts towards `maxEventSize` (see there): never more than it.
   * The parser holds at most that plus a field name (7 characters).
   */
  get bufferedLength(): number {
    return this.#pieces.length === 0 ? this.#data.length : this.#size(this.#piecesLength, this.#heldName());
  }

  /** Feeds raw bytes. */
  pushBytes(chunk: Uint8Array): void {
    if (!this.#tooLarge) this.pushText(this.#decoder.decode(chunk, STREAM));
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
    while (nextLF !== -1 || nextCR !== -1) {
      const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
      if (this.#pieces.length > 0) {
        // Checked before the pieces are joined: an oversized line is never built.
        if (!this.#hold(text, start, end)) return;
        const line = this.#pieces.join('');
        this.#pieces = [];
        this.#piecesLength = 0;
        this.#line(line, 0, line.length);
      } else if (
        // (The common cases first: a blank line, or one too short to be too large, `\n` included.)
        end === start ||
        this.#data.length + end - start < this.#maxEventSize ||
        !this.#overflows(end - start, nameLength(text, start, end))
      ) {
        this.#line(text, start, end);
      } else {
        return;
      }
      if (text.charCodeAt(end) === CR) {
        if (end + 1 === length) {
          this.#skipLeadingLF = true;
          return;
        }
        start = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
    }
    if (start < length) this.#hold(text, start, length);
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
   * Hands on one event. The client overrides it to build its own message object directly, so
   * that an event costs one object; the default builds a `ParsedEvent` for `onEvent`.
   */
  protected emit(type: string, data: string, lastEventId: string): void {
    this.#handlers.onEvent({ type, data, lastEventId });
  }

  /** What the event counts with a line of `length` characters added, `name` of them its field name. */
  #size(length: number, name: number): number {
    return this.#data.length + (this.#hasData ? 1 : 0) + length - name;
  }

  /** Keeps `text[start, end)` as a piece of an unfinished line; false when that makes the event too large. */
  #hold(text: string, start: number, end: number): boolean {
    this.#pieces.push(start === 0 && end === text.length ? text : text.slice(start, end));
    this.#piecesLength += end - start;
    // (Its field name is looked for only near the limit: the common case cannot be too large.)
    return this.#data.length + this.#piecesLength < this.#maxEventSize || !this.#overflows(this.#piecesLength, this.#heldName());
  }

  /** How long the unfinished line's field name is (see `nameLength`), from its first pieces. */
  #heldName(): number {
    let head = '';
    for (const piece of this.#pieces) if ((head += piece.slice(0, 7 - head.length)).length === 7) break;
    return nameLength(head, 0, head.length);
  }

  /**
   * Whether a line of `length` characters (`name` of them its field name) takes the event over
   * the limit; if so, drops it, stops parsing and reports it.
   */
  #overflows(length: number, name: number): boolean {
    if (this.#size(length, name) <= this.#maxEventSize) return false;
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

  /** One line, `line[start, end)`, without its line end. */
  #line(line: string, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    // A known field name, then the end of the line or a colon and at most one space; anything
    // else is a comment (a leading colon) or an unknown field: ignored.
    const first = line.charCodeAt(start);
    const name = fieldName(first);
    if (name === undefined) return;
    let at = start + 1;
    for (let i = 1; i < name.length; i++, at++) if (line.charCodeAt(at) !== name.charCodeAt(i)) return;
    if (at < end) {
      if (line.charCodeAt(at) !== COLON) return;
      at += at + 1 < end && line.charCodeAt(at + 1) === SPACE ? 2 : 1;
    }
    const value = at < end ? line.slice(at, end) : '';
    if (first === 100) {
      // Kept without the spec's trailing LF, which dispatch would remove again.
      this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
      this.#hasData = true;
    } else if (first === 101) {
      this.#eventType = value;
    } else if (first === 105) {
      if (!value.includes('\0')) this.#lastEventIdBuffer = value;
    } else if (/^[0-9]+$/.test(value)) {
      this.#handlers.onRetry?.(Number.parseInt(value, 10));
    }
  }

  #dispatch(): void {
    const id = this.#lastEventIdBuffer;
    this.#handlers.onLastEventId?.(id);
    const data = this.#data;
    const type = this.#eventType || 'message';
    const hasData = this.#hasData;
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    if (hasData) this.emit(type, data, id);
  }
}
