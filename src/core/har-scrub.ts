/**
 * Scrubs a HAR file into a new file, streaming: the entries are parsed one at a time
 * (@streamparser/json), scrubbed (har-entry.ts) and written out, so memory holds one entry, not the
 * file (a browser's HAR of a long session is tens of megabytes). The rest of the file (version,
 * creator, pages) is kept and written around the entries at the end.
 *
 * The output is created with mode 0600: until it is uploaded and removed, it is the user's alone.
 */
import { open, rm, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { JSONParser } from '@streamparser/json';
import { FileWriter } from './file-writer.js';
import { scrubEntry, scrubOther, type ScrubCounts } from './har-entry.js';

export interface HarScrubResult {
  counts: ScrubCounts;
  entries: number;
  /** Size of the scrubbed file. */
  size: number;
}

/** A file that should be a HAR but cannot be read as one. */
export class HarFormatError extends Error {}

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

/** Writes a scrubbed copy of `input` to `output` (created 0600). */
export async function scrubHarFile(input: string, output: string, signal?: AbortSignal): Promise<HarScrubResult> {
  const counts: ScrubCounts = {};
  const entriesPath = `${output}.entries`;
  const entriesOut = await FileWriter.create(entriesPath, 0o600);
  let entriesClosed = false;
  let entries = 0;
  let root: unknown;
  let pending = '';
  const parser = new JSONParser({ paths: ['$', '$.log.entries.*'], keepStack: true });
  parser.onValue = ({ value, stack, parent }) => {
    if (stack.length === 0) {
      root = value;
      return;
    }
    // an entry of log.entries: scrubbed, written, and dropped from the parser's copy of the array
    if (stack.length === 3 && Array.isArray(parent)) {
      pending += `${entries++ === 0 ? '' : ','}${JSON.stringify(scrubEntry(value, counts))}`;
      parent.length = 0;
    }
  };
  try {
    try {
      // the parser copies what it keeps, so one buffer serves every read
      await readChunks(
        input,
        async (chunk) => {
          parser.write(chunk);
          if (pending) {
            await entriesOut.write(pending);
            pending = '';
          }
        },
        signal,
      );
      if (!parser.isEnded) parser.end();
    } catch (error) {
      if (signal?.aborted || (error as NodeJS.ErrnoException).code) throw error;
      throw new HarFormatError(`it is not valid JSON (${(error as Error).message.split('\n')[0]})`);
    }
    if (pending) await entriesOut.write(pending);
    entriesClosed = true;
    await entriesOut.close();
    const log = typeof root === 'object' && root !== null && !Array.isArray(root) ? (root as Record<string, unknown>).log : undefined;
    if (typeof log !== 'object' || log === null || !Array.isArray((log as Record<string, unknown>).entries)) {
      throw new HarFormatError('it is JSON, but not a HAR file (no log.entries)');
    }
    // The rest of the file, with a marker where the entries go.
    const marker = `sigma-support-entries-${Math.random().toString(36).slice(2)}`;
    (log as Record<string, unknown>).entries = marker;
    const text = JSON.stringify(scrubOther(root, counts));
    const at = text.indexOf(`"${marker}"`);
    const out = await FileWriter.create(output, 0o600);
    try {
      await out.write(`${text.slice(0, at)}[`);
      await readChunks(entriesPath, (chunk) => out.writeBytes(chunk));
      await out.write(`]${text.slice(at + marker.length + 2)}`);
    } finally {
      await out.close();
    }
    return { counts, entries, size: (await stat(output)).size };
  } finally {
    if (!entriesClosed) await entriesOut.discard();
    await rm(entriesPath, { force: true });
  }
}
