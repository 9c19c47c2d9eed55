/**
 * Reads text the user points a flag at (a file, or "-" for standard input): bounded in size, and
 * refused unless it is UTF-8, with messages that name the flag. Used for submit's
 * --description-file and reply's --message-file.
 */
import { readFile, stat } from 'node:fs/promises';
import { LIMITS } from '../core/limits.js';
import { UsageError } from '../errors.js';
import { readStdin } from './read-stdin.js';

/** Longer than this is not even read: the portal's limit (64 KB) is far below. */
export const TEXT_READ_LIMIT = LIMITS.descriptionBytes * 4;

function decodeUtf8(bytes: Buffer, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UsageError(`${label}: is not valid UTF-8 text`, 'Save it as UTF-8, or attach it as a file with --attach instead.');
  }
}

export async function readTextArgument(flag: string, path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  const label = `${flag} ${path}`;
  const limitHint = `The portal takes at most ${LIMITS.descriptionBytes / 1024} KB; attach long logs with --attach instead.`;
  if (path === '-') {
    return decodeUtf8(await readStdin(stdin, TEXT_READ_LIMIT, () => new UsageError(`${label}: standard input is over ${TEXT_READ_LIMIT / 1024} KB`, limitHint)), label);
  }
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`${label}: no such file`, 'Check the path, or use - to read standard input.');
  }
  if (!info.isFile()) throw new UsageError(`${label}: is not a regular file`, 'Give a text file, or use - to read standard input.');
  if (info.size > TEXT_READ_LIMIT) throw new UsageError(`${label}: is ${Math.ceil(info.size / 1024)} KB, over the portal's limit of ${LIMITS.descriptionBytes / 1024} KB`, limitHint);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`${label}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'Check its permissions.');
  }
  return decodeUtf8(bytes, label);
}
