/**
 * Reads text the user points a flag at (a file, or "-" for standard input): bounded in size, and
 * refused unless it is UTF-8, with messages that name the flag. Used for submit's
 * --description-file and reply's --message-file.
 */
import { readFile, stat } from 'node:fs/promises';
import { InterruptedError, UsageError } from '../errors.js';
import type { IOStreams } from './iostreams.js';
import { readStdin } from './read-stdin.js';

/** Longer than this many times the portal's limit is not even read. */
const READ_FACTOR = 4;

function decodeUtf8(bytes: Buffer, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UsageError(`${label}: is not valid UTF-8 text`, 'Save it as UTF-8, or attach it as a file with --attach instead.');
  }
}

/**
 * Reads the text; "-" is standard input. At a terminal, says that it is reading it and how to end
 * it, since a terminal waiting silently looks hung. `portalLimit`: the most bytes the portal takes
 * in the field (a text a few times longer is read, and checked by the caller; longer is refused
 * unread). `signal` (Ctrl-C, SIGTERM) stops the reading.
 */
export async function readTextArgument(flag: string, path: string, io: Pick<IOStreams, 'stdin' | 'stderr'>, portalLimit: number, signal?: AbortSignal): Promise<string> {
  const label = `${flag} ${path}`;
  const readLimit = portalLimit * READ_FACTOR;
  const limitHint = `The portal takes at most ${portalLimit / 1024} KB; attach long logs with --attach instead.`;
  if (path === '-') {
    if (io.stdin.isTTY) {
      const end = process.platform === 'win32' ? 'Ctrl-Z then Enter' : 'Ctrl-D';
      io.stderr.write(`${flag} -: reading standard input. Type or paste the text, then press ${end} on a line of its own to end it (Ctrl-C to stop).\n`);
    }
    const tooLarge = () => new UsageError(`${label}: standard input is over ${readLimit / 1024} KB`, limitHint);
    return decodeUtf8(await untilAborted(readStdin(io.stdin, readLimit, tooLarge), io.stdin, signal), label);
  }
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`${label}: no such file`, 'Check the path, or use - to read standard input.');
  }
  if (!info.isFile()) throw new UsageError(`${label}: is not a regular file`, 'Give a text file, or use - to read standard input.');
  if (info.size > readLimit) throw new UsageError(`${label}: is ${Math.ceil(info.size / 1024)} KB, over the portal's limit of ${portalLimit / 1024} KB`, limitHint);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`${label}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'Check its permissions.');
  }
  return decodeUtf8(bytes, label);
}

/** The read, or the interruption: whichever comes first. Stops reading standard input on an interrupt. */
function untilAborted<T>(reading: Promise<T>, stdin: NodeJS.ReadableStream, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return reading;
  const reason = () => (signal.reason instanceof InterruptedError ? signal.reason : new InterruptedError());
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      stdin.pause();
      reject(reason());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    reading.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
