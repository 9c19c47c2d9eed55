/**
 * What a file is now, looked at with one synchronous call. Through Node's thread pool each look was a
 * round trip to another thread, and the first started the pool's threads, which a submit needs for
 * nothing else (bench/notes.md).
 */
import { statSync, type Stats } from 'node:fs';

/** The file's stats now, or undefined if it cannot be looked at (gone, or out of reach). */
export function statNow(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
