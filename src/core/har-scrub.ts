/**
 * Scrubs a HAR file into a new file, streaming: har-stream.ts copies through what scrubbing leaves
 * alone and gathers only the values that may hold secrets, one at a time; har-entry.ts scrubs them. So
 * memory holds one such value (capped), not an entry nor the file (a browser's HAR of a long session is
 * tens of megabytes, and one response body can be most of it).
 *
 * The output is created with mode 0600: until it is uploaded and removed, it is the user's alone.
 */
import { open, rm, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { FileWriter } from './file-writer.js';
import { REQUEST_FIELDS, RESPONSE_FIELDS, scrubMessageField, scrubOther, scrubString, type ScrubCounts } from './har-entry.js';
import { HarFormatError, HarScanner, JsonSyntaxError, TEXT_CAP } from './har-stream.js';

export { HarFormatError } from './har-stream.js';

export interface HarScrubResult {
  counts: ScrubCounts;
  entries: number;
  /** Size of the scrubbed file. */
  size: number;
}

const SNIFF_BYTES = 64 * 1024;
const READ_CHUNK = 64 * 1024;

/** A `.har` file, or JSON whose top level is `{"log": {...}}` with HAR's keys near the start. */
export async function isHarFile(path: string): Promise<boolean> {
  const ext = extname(path).toLowerCase();
  if (ext === '.har') return true;
  if (ext !== '.json' && ext !== '') return false;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    return /^\s*\{\s*"log"\s*:\s*\{/.test(head) && /"(entries|creator)"\s*:/.test(head);
  } finally {
    await handle.close();
  }
}

/** Reads a file through one reused buffer, giving each chunk read to `use` before the next read. */
async function readChunks(path: string, use: (chunk: Buffer) => Promise<void> | void, signal?: AbortSignal): Promise<void> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const { bytesRead } = await file.read(buffer, 0, READ_CHUNK, null);
      if (bytesRead === 0) return;
      await use(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
}

/** What takes the place of a body text too long to scrub in bounded memory. */
const OVERSIZED = `[removed by sigma-support: over ${TEXT_CAP / 1024 / 1024} MB, too large to scrub]`;

/** `entry.strings`: every other string value of an entry (har-entry.ts's scrubString), after its request and response. */
const FIELD_ORDER = [...[...REQUEST_FIELDS].map((f) => `request.${f}`), ...[...RESPONSE_FIELDS].map((f) => `response.${f}`), 'entry.strings'];

/**
 * Counts by kind, listed in the order of the kinds' first finding as if each entry were scrubbed
 * whole (har-entry.ts's field order, whatever the file's key order) and the rest of the file after
 * the entries: the order the review and --dry-run show them in.
 */
class CountsInOrder {
  readonly other: ScrubCounts = {};
  oversized = 0;
  private readonly all: ScrubCounts = {};
  private entry = -1;
  private fields = new Map<string, ScrubCounts>();

  /** Where a field's finds go: `entry` is the number of the entry (1-based) it belongs to. */
  field(entry: number, message: string, name: string): ScrubCounts {
    if (entry !== this.entry) this.flush();
    this.entry = entry;
    const key = `${message}.${name}`;
    const counts = this.fields.get(key) ?? {};
    this.fields.set(key, counts);
    if (this.oversized > 0) {
      counts['oversized body'] = (counts['oversized body'] ?? 0) + this.oversized;
      this.oversized = 0;
    }
    return counts;
  }

  total(): ScrubCounts {
    this.flush();
    merge(this.all, this.other);
    return this.all;
  }

  private flush(): void {
    for (const key of FIELD_ORDER) merge(this.all, this.fields.get(key) ?? {});
    this.fields = new Map();
  }
}

function merge(into: ScrubCounts, from: ScrubCounts): void {
  for (const [kind, n] of Object.entries(from) as Array<[keyof ScrubCounts, number]>) into[kind] = (into[kind] ?? 0) + n;
}

/**
 * While scrubbing, V8 collects young objects once the young generation is this full (percent of its
 * size; V8's --minor-gc-task-trigger, 80 by default:
 * https://chromium.googlesource.com/v8/v8/+/refs/heads/main/src/flags/flag-definitions.h). The CLI's
 * start-up leaves the young generation several MB large; scrubbing makes hundreds of MB of
 * short-lived strings, which at 80% would fill, and so bring into memory, all of it. Collected at
 * 10%, they stay in its first pages: a 50 MB HAR's submit peaks about 5 MB lower, in the same time
 * (bench/notes.md).
 */
const SCRUB_MINOR_GC_TRIGGER = 10;
const DEFAULT_MINOR_GC_TRIGGER = 80;

/** Writes a scrubbed copy of `input` to `output` (created 0600). */
export async function scrubHarFile(input: string, output: string, signal?: AbortSignal): Promise<HarScrubResult> {
  const counts = new CountsInOrder();
  const scanner = new HarScanner({
    member: (raw) => JSON.stringify(scrubOther(JSON.parse(`{${raw}}`), counts.other)).slice(1, -1),
    field: (message, name, raw) => {
      const into = counts.field(scanner.entries, message, name);
      return JSON.stringify(scrubMessageField(name, JSON.parse(raw), into, message === 'request'));
    },
    string: (raw) => {
      const value = JSON.parse(raw) as string;
      const scrubbed = scrubString(value, counts.field(scanner.entries, 'entry', 'strings'));
      return scrubbed === value ? undefined : JSON.stringify(scrubbed);
    },
    oversizedText: () => {
      counts.oversized++;
      return JSON.stringify(OVERSIZED);
    },
  });
  const out = await FileWriter.create(output, 0o600);
  let done = false;
  // node:v8 loads here, for a HAR only: every submit loads this module (attachment-safety.ts)
  const { setFlagsFromString } = process.getBuiltinModule('node:v8');
  setFlagsFromString(`--minor-gc-task-trigger=${SCRUB_MINOR_GC_TRIGGER}`);
  const put = async (parts: Array<Buffer | string>): Promise<void> => {
    for (const part of parts) await (typeof part === 'string' ? out.write(part) : out.writeBytes(part));
  };
  try {
    try {
      await readChunks(input, (chunk) => put(scanner.write(chunk)), signal);
      await put(scanner.end());
    } catch (error) {
      if (error instanceof JsonSyntaxError || error instanceof SyntaxError) throw new HarFormatError(`it is not valid JSON (${error.message.split('\n')[0]})`);
      throw error;
    }
    done = true;
    await out.close();
    return { counts: counts.total(), entries: scanner.entries, size: (await stat(output)).size };
  } finally {
    setFlagsFromString(`--minor-gc-task-trigger=${DEFAULT_MINOR_GC_TRIGGER}`);
    if (!done) {
      await out.discard();
      await rm(output, { force: true });
    }
  }
}
