/**
 * One pool of read buffers for every upload of a process. Each upload reads its file through one
 * buffer (uploads.ts); taking them from here rather than allocating fresh ones keeps memory flat
 * with the number of files: buffers of finished uploads were garbage that V8 collects late, since
 * it counts them as external memory, so peak memory grew with every file uploaded.
 *
 * A buffer is given back only by an upload that ended normally, when the connection has taken all
 * of its bytes. One that stopped early (an error, Ctrl-C) keeps its buffers out of the pool: a
 * write may still be reading them, and they are left to the garbage collector.
 */
const free: Buffer[] = [];

/** Buffers beyond this many are not kept: three uploads at a time use three. */
const KEEP = 8;

/**
 * Bytes read from disk, and handed to the connection, at a time: large reads made uploads 1.7×
 * faster than Node's 64 KB default. With reads made on the sending thread (uploads.ts), 256 KB cost
 * no more CPU per byte than 512 KB, and 64 KB cost much more (bench/notes.md); the count of what the
 * connection has taken moves in steps this small, so progress follows the link. Every buffer has
 * this size, small files included: only the pages a read fills are touched.
 */
export const READ_BUFFER_BYTES = 256 * 1024;

/** A buffer of READ_BUFFER_BYTES (contents undefined): a pooled one when there is one. */
export function takeReadBuffer(): Buffer {
  return free.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
}

/** Gives a buffer back once nothing reads or writes it any more. */
export function giveBackReadBuffer(buffer: Buffer): void {
  if (free.length < KEEP) free.push(buffer);
}
