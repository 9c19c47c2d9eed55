/**
 * One pass over a HAR file's bytes that checks them as JSON (RFC 8259,
 * https://www.rfc-editor.org/rfc/rfc8259) and copies through, unchanged, everything scrubbing leaves
 * alone. Only the values that may hold secrets are gathered (the members of each entry's request and
 * response that har-entry.ts rewrites, what lies outside log.entries, and every other string value in
 * an entry) and handed to a rewriter, one at a time: memory holds one such value, never an entry nor
 * the file. Every gathered value has a cap; a request's or response's body text over its cap is
 * replaced whole (it may hold secrets that cannot be looked for in bounded memory), any other string
 * value in an entry over its cap is copied through unchecked, anything else over its cap makes the
 * file refused.
 *
 * Longer than this project's 300 lines on purpose: it is one state machine (the JSON tokenizer and
 * where in the HAR it stands), and split in two each half would have to reach into the other's state.
 */

import { REQUEST_FIELDS, RESPONSE_FIELDS } from './har-entry.js';

/** A file that should be a HAR but cannot be read as one. */
export class HarFormatError extends Error {}

/** Bytes that are not JSON. */
export class JsonSyntaxError extends Error {}

/** The most a gathered value may take (its JSON text), body texts aside. */
export const VALUE_CAP = 4 * 1024 * 1024;
/** The most a body text (request postData.text, response content.text) may take before it is replaced. */
export const TEXT_CAP = 2 * 1024 * 1024;
/** The most any other string value in an entry may take (its JSON text) to be checked; longer ones are copied through. */
export const STRING_CAP = TEXT_CAP;
const MAX_DEPTH = 256;
const KEY_CAP = 1024;

export interface HarRewriter {
  /** `"name": value` of the top level or of `log`, other than log.entries: its scrubbed text. */
  member(raw: string): string;
  /** A member of an entry's request or response: its scrubbed JSON text. */
  field(message: 'request' | 'response', name: string, raw: string): string;
  /** The JSON string that takes the place of a body text over TEXT_CAP (and counts it). */
  oversizedText(): string;
  /**
   * Any other string value in an entry (its JSON text, quotes included, at most STRING_CAP bytes):
   * the JSON text to put in its place, or undefined to keep its bytes as they are.
   */
  string(raw: string): string | undefined;
}

type Capture = 'member' | 'field' | 'string';
const OBJ = 1;
const ARR = 2;
const enum S { Value, ObjFirst, ObjKey, Colon, After, ArrFirst, Str, Num, Lit, End }
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class HarScanner {
  /** How many elements log.entries has. */
  entries = 0;
  private stack = new Uint8Array(MAX_DEPTH + 1);
  private keys: Array<string | null> = [];
  private depth = 0;
  private state = S.Value;
  private isKey = false;
  private escape = 0; // 1: after a backslash; 2..5: hex digits of \u still to come
  private readonly keyBuf = Buffer.allocUnsafe(KEY_CAP);
  private keyLen = 0;
  private keyFrom = -1;
  private lit = '';
  private litAt = 0;
  private num = '';
  private pos = 0; // bytes before this chunk
  private sawLog = false;
  private sawEntries = false;
  // what is being gathered
  private capturing: Capture | undefined;
  private capLevel = 0;
  private memberKeyPending = false;
  /** What is gathered, in one buffer reused from value to value (grown as needed, up to a cap). */
  private store = Buffer.allocUnsafe(0);
  private recBytes = 0;
  private recFrom = -1;
  private textStart = -1;
  private eliding = false;
  // what is copied through
  private out: Array<Buffer | string> = [];
  private outFrom = 0;

  constructor(private readonly rewriter: HarRewriter) {}

  /**
   * Scans one chunk; returns what to write for it, in order. What is returned may be views of the
   * chunk: write them before the chunk is reused.
   */
  write(chunk: Buffer): Array<Buffer | string> {
    let i = 0;
    if (this.pos === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3; // a BOM
    this.outFrom = this.capturing ? -1 : i;
    if (this.capturing && !this.eliding) this.recFrom = 0;
    if (this.keyFrom >= 0) this.keyFrom = 0;
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      switch (this.state) {
        case S.Str:
          if (this.escape === 1) {
            if (c === 0x75) this.escape = 5;
            else if ('"\\/bfnrt'.includes(String.fromCharCode(c))) this.escape = 0;
            else this.fail(c, i);
          } else if (this.escape > 1) {
            if (!/[0-9a-fA-F]/.test(String.fromCharCode(c))) this.fail(c, i);
            this.escape = this.escape === 2 ? 0 : this.escape - 1;
          } else if (c === 0x5c) this.escape = 1;
          else if (c === 0x22) this.endString(chunk, i);
          else if (c < 0x20) this.fail(c, i);
          break;
        case S.Num:
          if ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d) {
            if (this.num.length > 400) this.fail(c, i);
            this.num += String.fromCharCode(c);
          } else {
            this.endNumber(chunk, i);
            i--; // the byte after a number is read again
          }
          break;
        case S.Lit:
          if (c !== this.lit.charCodeAt(this.litAt)) this.fail(c, i);
          if (++this.litAt === this.lit.length) this.endValue(chunk, i + 1);
          break;
        default:
          if (!isWs(c)) this.structural(chunk, c, i);
      }
    }
    this.endChunk(chunk);
    this.pos += chunk.length;
    const out = this.out;
    this.out = [];
    return out;
  }

  /** After the last chunk: what is left to write. Throws if the bytes were not a whole HAR. */
  end(): Array<Buffer | string> {
    if (this.state === S.Num && this.depth === 0) this.endNumber(Buffer.alloc(0), 0);
    if (this.state !== S.End) throw new JsonSyntaxError('the file ends before its JSON does');
    if (!this.sawLog || !this.sawEntries) throw new HarFormatError('it is JSON, but not a HAR file (no log.entries)');
    return this.out.splice(0);
  }

  private fail(c: number, i: number): never {
    const what = c >= 0x21 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`;
    throw new JsonSyntaxError(`unexpected ${what} at byte ${this.pos + i}`);
  }

  private structural(chunk: Buffer, c: number, i: number): void {
    switch (this.state) {
      case S.ObjFirst:
      case S.ObjKey:
        if (c === 0x7d && this.state === S.ObjFirst) return this.close(chunk, OBJ, i);
        if (c !== 0x22) this.fail(c, i);
        if (!this.capturing && (this.depth === 1 || (this.depth === 2 && this.keys[1] === 'log'))) {
          this.startCapture(chunk, i, 'member', this.depth);
          this.memberKeyPending = true;
        }
        this.isKey = true;
        this.keyLen = 0;
        this.keyFrom = i + 1;
        this.state = S.Str;
        return;
      case S.Colon:
        if (c !== 0x3a) this.fail(c, i);
        this.state = S.Value;
        return;
      case S.After:
        if (c === 0x2c) this.state = this.stack[this.depth] === OBJ ? S.ObjKey : S.Value;
        else if (c === 0x7d || c === 0x5d) this.close(chunk, c === 0x7d ? OBJ : ARR, i);
        else this.fail(c, i);
        return;
      case S.End:
        return this.fail(c, i);
      case S.ArrFirst:
        if (c === 0x5d) return this.close(chunk, ARR, i);
    }
    this.beginValue(chunk, c, i);
  }

  private beginValue(chunk: Buffer, c: number, i: number): void {
    const { depth, keys, stack } = this;
    if (depth === 1 && keys[1] === 'log') this.sawLog = c === 0x7b;
    if (depth === 2 && keys[1] === 'log' && keys[2] === 'entries') this.sawEntries = c === 0x5b;
    const inEntries = keys[1] === 'log' && keys[2] === 'entries' && stack[3] === ARR;
    if (depth === 3 && inEntries) this.entries++;
    if (!this.capturing && depth === 5 && inEntries && stack[4] === OBJ && stack[5] === OBJ) {
      const fields = keys[4] === 'request' ? REQUEST_FIELDS : keys[4] === 'response' ? RESPONSE_FIELDS : undefined;
      if (fields?.has(keys[5]!)) this.startCapture(chunk, i, 'field', depth);
    }
    if (this.capturing === 'field' && depth === 6 && c === 0x22 && keys[6] === 'text' && stack[6] === OBJ && (keys[5] === 'postData' || keys[5] === 'content')) {
      this.textStart = this.recorded(i);
    }
    if (c === 0x7b || c === 0x5b) {
      if (depth === MAX_DEPTH) throw new HarFormatError(`it nests more than ${MAX_DEPTH} levels deep`);
      this.depth++;
      this.stack[this.depth] = c === 0x7b ? OBJ : ARR;
      this.keys[this.depth] = null;
      this.state = c === 0x7b ? S.ObjFirst : S.ArrFirst;
    } else if (c === 0x22) {
      this.isKey = false;
      this.state = S.Str;
      if (!this.capturing) this.startCapture(chunk, i, 'string', depth);
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      this.lit = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      this.litAt = 1;
      this.state = S.Lit;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.num = String.fromCharCode(c);
      this.state = S.Num;
    } else this.fail(c, i);
  }

  private close(chunk: Buffer, kind: number, i: number): void {
    if (this.stack[this.depth] !== kind) this.fail(chunk[i]!, i);
    this.depth--;
    this.endValue(chunk, i + 1);
  }

  private endNumber(chunk: Buffer, i: number): void {
    if (!NUMBER.test(this.num)) throw new JsonSyntaxError(`${this.num} is not a number (before byte ${this.pos + i})`);
    this.endValue(chunk, i);
  }

  private endString(chunk: Buffer, i: number): void {
    if (!this.isKey) {
      if (this.textStart >= 0) this.endText(chunk, i);
      return this.endValue(chunk, i + 1);
    }
    this.collectKey(chunk, i);
    const raw = this.keyLen <= KEY_CAP ? this.keyBuf.toString('utf8', 0, this.keyLen) : undefined;
    this.keyFrom = -1;
    const key = raw === undefined ? null : (JSON.parse(`"${raw}"`) as string);
    this.keys[this.depth] = key;
    this.state = S.Colon;
    if (this.memberKeyPending && this.capLevel === this.depth) {
      this.memberKeyPending = false;
      // log and log.entries are walked into, not gathered
      if ((this.depth === 1 && key === 'log') || (this.depth === 2 && key === 'entries')) this.cancelCapture(chunk, i + 1);
    }
  }

  private collectKey(chunk: Buffer, end: number): void {
    if (this.keyFrom < 0 || this.keyLen > KEY_CAP) return;
    const part = chunk.subarray(this.keyFrom, end);
    if (this.keyLen + part.length <= KEY_CAP) this.keyBuf.set(part, this.keyLen);
    this.keyLen += part.length;
  }

  private endValue(chunk: Buffer, end: number): void {
    this.state = this.depth === 0 ? S.End : S.After;
    if (this.capturing && this.depth === this.capLevel) this.finishCapture(chunk, end);
  }

  /** Bytes gathered so far, up to `i` in this chunk. */
  private recorded(i: number): number {
    return this.recBytes + (this.recFrom >= 0 ? i - this.recFrom : 0);
  }

  private startCapture(chunk: Buffer, i: number, kind: Capture, level: number): void {
    if (i > this.outFrom) this.out.push(chunk.subarray(this.outFrom, i));
    this.outFrom = -1;
    this.capturing = kind;
    this.capLevel = level;
    this.recBytes = 0;
    this.recFrom = i;
  }

  private takeRecorded(chunk: Buffer, end: number): void {
    if (this.recFrom >= 0 && end > this.recFrom) this.append(chunk.subarray(this.recFrom, end));
    this.recFrom = end;
  }

  private append(bytes: Uint8Array): void {
    if (this.recBytes + bytes.length > this.store.length) {
      const grown = Buffer.allocUnsafe(Math.max(256 * 1024, 2 * (this.recBytes + bytes.length)));
      this.store.copy(grown, 0, 0, this.recBytes);
      this.store = grown;
    }
    this.store.set(bytes, this.recBytes);
    this.recBytes += bytes.length;
  }

  private cancelCapture(chunk: Buffer, end: number): void {
    this.takeRecorded(chunk, end);
    // a copy: the store is reused before what is returned is written
    this.out.push(Buffer.from(this.store.subarray(0, this.recBytes)));
    this.capturing = undefined;
    this.outFrom = end;
  }

  private finishCapture(chunk: Buffer, end: number): void {
    // gathered within this chunk: read in place; else the pieces copied from earlier chunks
    if (this.capturing === 'string') return this.finishString(chunk, end);
    const raw = this.recBytes === 0 && this.recFrom >= 0 ? chunk.toString('utf8', this.recFrom, end) : (this.takeRecorded(chunk, end), this.store.toString('utf8', 0, this.recBytes));
    const { keys } = this;
    this.out.push(this.capturing === 'member' ? this.rewriter.member(raw) : this.rewriter.field(keys[4] as 'request' | 'response', keys[5]!, raw));
    this.capturing = undefined;
    this.outFrom = end;
  }

  /** A string value ending at `end`: its bytes as they are, unless the rewriter replaces it. */
  private finishString(chunk: Buffer, end: number): void {
    const inChunk = this.recBytes === 0 && this.recFrom >= 0;
    if (!inChunk) this.takeRecorded(chunk, end);
    // a view of the chunk (written before the chunk is reused), or a copy of the reused store
    const bytes = inChunk ? chunk.subarray(this.recFrom, end) : Buffer.from(this.store.subarray(0, this.recBytes));
    const rewritten = bytes.length <= STRING_CAP ? this.rewriter.string(bytes.toString('utf8')) : undefined;
    this.out.push(rewritten ?? bytes);
    this.capturing = undefined;
    this.outFrom = end;
  }

  /** A string value grown past STRING_CAP: what is gathered goes out as it is, the rest is copied through. */
  private releaseString(chunk: Buffer): void {
    this.out.push(Buffer.from(this.store.subarray(0, this.recBytes)));
    this.capturing = undefined;
    this.outFrom = chunk.length; // all of this chunk was gathered
  }

  /** Drops what was gathered of a body text from its opening quote on. */
  private dropText(): void {
    this.recBytes = this.textStart;
    this.recFrom = -1;
    this.eliding = true;
  }

  /** A body text's closing quote at `i`: kept if within TEXT_CAP, else replaced. */
  private endText(chunk: Buffer, i: number): void {
    if (!this.eliding && this.recorded(i + 1) - this.textStart > TEXT_CAP) {
      this.takeRecorded(chunk, i + 1);
      this.dropText();
    }
    if (this.eliding) {
      this.append(Buffer.from(this.rewriter.oversizedText()));
      this.eliding = false;
      this.recFrom = i + 1;
    }
    this.textStart = -1;
  }

  private endChunk(chunk: Buffer): void {
    if (this.state === S.Str && this.isKey) this.collectKey(chunk, chunk.length);
    if (this.capturing) {
      if (!this.eliding) this.takeRecorded(chunk, chunk.length);
      if (this.textStart >= 0 && !this.eliding && this.recBytes - this.textStart > TEXT_CAP) this.dropText();
      if (this.capturing === 'string' && this.recBytes > STRING_CAP) this.releaseString(chunk);
      else if (this.recBytes > VALUE_CAP) {
        const where = this.capturing === 'member' ? 'a part outside log.entries' : `entry ${this.entries}'s ${this.keys[4]}.${this.keys[5]}`;
        throw new HarFormatError(`${where} is larger than ${VALUE_CAP / 1024 / 1024} MB, too large to scrub`);
      }
    } else if (chunk.length > this.outFrom) this.out.push(chunk.subarray(this.outFrom));
  }
}
