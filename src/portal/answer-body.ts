/**
 * Bounds on what the portal sends back, shared by both transports: an answer is read up to a size
 * cap, and a JSON text is refused before it is parsed when it would make too many values. A byte cap
 * alone does not bound memory: 4 MB of `{},{},…` parses to over a million objects, about 140 MB.
 * Together they keep the CLI's peak memory bounded whatever the portal sends.
 */
import { NetworkCode, NetworkError } from './transport.js';

/** The most an answer may have: a page of 100 requests with long descriptions is well under it. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
/** The most values (objects, arrays, and the items and members in them) an answer may make. */
export const MAX_ANSWER_VALUES = 200_000;

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

function tooLarge(max: number): NetworkError {
  return new NetworkError(`is larger than ${megabytes(max)}`, NetworkCode.answerTooLarge);
}

/** Collects an answer's bytes, and fails as soon as there are (or are declared to be) too many. */
export class AnswerBody {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly max: number = MAX_ANSWER_BYTES) {}

  /** Refuses an answer whose Content-Length is over the cap, before any of it is read. */
  declared(length: string | string[] | undefined): void {
    const n = Number(Array.isArray(length) ? length[0] : length);
    if (Number.isFinite(n) && n > this.max) throw tooLarge(this.max);
  }

  add(chunk: Uint8Array): void {
    this.size += chunk.length;
    if (this.size > this.max) {
      this.parts = [];
      throw tooLarge(this.max);
    }
    this.parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }

  /** The answer as text, refused when it would parse to too many values. */
  text(): string {
    const bytes = Buffer.concat(this.parts, this.size);
    this.parts = [];
    const text = bytes.toString('utf8');
    if (valuesOver(text, MAX_ANSWER_VALUES)) throw new NetworkError(`holds more than ${MAX_ANSWER_VALUES} values`, NetworkCode.answerTooLarge);
    return text;
  }
}

/**
 * Whether a JSON text would make more than `limit` values: it counts the characters that open a
 * value outside strings (`{`, `[`, and the `,` before each further item or member), without parsing.
 * For text that is not JSON the count means little, but stays a bound.
 */
export function valuesOver(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if ((c === 0x7b || c === 0x5b || c === 0x2c) && ++count > limit) return true;
  }
  return false;
}
