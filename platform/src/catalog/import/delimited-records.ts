/**
 * Streaming reader for delimited text: CSV per RFC 4180 (quoted fields, "" for a quote, delimiters and line breaks
 * inside quotes, CRLF or LF) and IANA tab-separated values (no quoting: a quote is just a character). Input arrives
 * in chunks of any size, split anywhere (even inside a multi-byte character or between CR and LF), so a 50 MB file
 * never has to be held as one string.
 */
export interface DelimitedFormat {
  delimiter: ',' | '\t';
  /** RFC 4180 quoting (CSV). TSV has none. */
  quoting: boolean;
}

export const CSV: DelimitedFormat = { delimiter: ',', quoting: true };
export const TSV: DelimitedFormat = { delimiter: '\t', quoting: false };

export interface DelimitedRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
  /** Set when the record is malformed; its fields are then unreliable. */
  error?: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  /** At the start of a field. */
  FieldStart,
  Unquoted,
  Quoted,
  /** Saw a quote inside a quoted field: either "" (a literal quote) or the closing quote. */
  QuoteInQuoted,
}

export class DelimitedParser {
  private readonly delimiter: number;
  private state = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private error: string | undefined;
  /** The previous chunk ended with CR: a LF at the start of the next one belongs to it. */
  private pendingCr = false;
  private readonly out: DelimitedRecord[] = [];

  constructor(private readonly format: DelimitedFormat) {
    this.delimiter = format.delimiter.charCodeAt(0);
  }

  /** Parses a chunk and returns the records it completed. */
  push(chunk: string): DelimitedRecord[] {
    let start = 0;
    let i = 0;
    if (this.pendingCr && chunk.charCodeAt(0) === LF) start = i = 1;
    this.pendingCr = false;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE && this.format.quoting) {
            this.state = State.Quoted;
            start = i + 1;
            break;
          }
          this.state = State.Unquoted;
          continue; // read the same character again, as the start of an unquoted field
        case State.Unquoted:
          if (c === this.delimiter) {
            this.field += chunk.slice(start, i);
            this.endField();
            start = i + 1;
          } else if (c === LF || c === CR) {
            this.field += chunk.slice(start, i);
            start = i = this.lineBreak(chunk, i);
            this.endRecord();
            continue;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += chunk.slice(start, i);
            this.state = State.QuoteInQuoted;
            start = i + 1;
          } else if (c === LF) {
            // A line break inside quotes is data; it still moves the line count on.
            this.line++;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            start = i + 1;
          } else if (c === this.delimiter) {
            this.endField();
            start = i + 1;
          } else if (c === LF || c === CR) {
            start = i = this.lineBreak(chunk, i);
            this.endRecord();
            continue;
          } else {
            // `"abc"def`: RFC 4180 does not allow text after the closing quote. Keep reading to the end of the
            // record so the rest of the file stays aligned, but report the record.
            this.error ??= 'a quoted field must end right after its closing quote; write "" for a quote inside a field';
            this.state = State.Unquoted;
            start = i;
          }
          break;
      }
      i++;
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += chunk.slice(start);
    return this.drain();
  }

  /** Call once at the end of the input: completes a last record that has no line break after it. */
  end(): DelimitedRecord[] {
    if (this.state === State.Quoted) {
      this.error ??= 'a quoted field that starts on this line is never closed, so the rest of the file could not be read';
    }
    if (this.state !== State.FieldStart || this.fields.length > 0) this.endRecord();
    return this.drain();
  }

  /** Index just past a line break at `i` (CR, LF or CRLF), counting the line. */
  private lineBreak(chunk: string, i: number): number {
    this.line++;
    if (chunk.charCodeAt(i) === CR) {
      if (i + 1 === chunk.length) this.pendingCr = true;
      else if (chunk.charCodeAt(i + 1) === LF) return i + 2;
    }
    return i + 1;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
  }

  private endRecord(): void {
    this.endField();
    this.out.push({ line: this.recordLine, fields: this.fields, ...(this.error ? { error: this.error } : {}) });
    this.fields = [];
    this.error = undefined;
    this.recordLine = this.line;
  }

  private drain(): DelimitedRecord[] {
    return this.out.splice(0, this.out.length);
  }
}

/** True for a record with nothing in it: an empty line, or a spreadsheet's `,,,` row. */
export function isBlank(record: DelimitedRecord): boolean {
  return !record.error && record.fields.every((f) => f.trim() === '');
}

/**
 * Records of a byte stream: strict UTF-8 (a file saved in another encoding is refused rather than imported with
 * mangled names: TextDecoder throws `TypeError` with code ERR_ENCODING_INVALID_ENCODED_DATA), a leading byte-order
 * mark dropped.
 */
export async function* readRecords(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  format: DelimitedFormat,
): AsyncGenerator<DelimitedRecord> {
  const parser = new DelimitedParser(format);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // TextDecoder drops the byte-order mark of bytes itself; a body that arrived as a string may still carry one.
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield* parser.push(text);
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}

export function isEncodingError(error: unknown): boolean {
  return (error as { code?: string })?.code === 'ERR_ENCODING_INVALID_ENCODED_DATA';
}
