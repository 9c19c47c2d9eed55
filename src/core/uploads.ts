/**
 * Upload, the second step of the core path: streams each attachment from disk as raw bytes, a few
 * at a time, and reports bytes as they go. If any upload fails, the others are stopped and every
 * upload already made is deleted, so nothing is left half-sent.
 */
import { closeSync, readSync } from 'node:fs';
import { PortalError, UsageError } from '../errors.js';
import { statNow } from '../stat-now.js';
import type { PortalApi } from '../portal/portal-api.js';
import { NetworkCode } from '../portal/transport.js';
import { openFileNow, type Attachment } from './attachments.js';
import { giveBackReadBuffer, takeReadBuffer } from './read-buffers.js';

export interface UploadedAttachment {
  attachment: Attachment;
  token: string;
  /** When its upload began: the portal's token lives 60 minutes from about then. */
  startedAt: Date;
}

export interface UploadOptions {
  concurrency: number;
  onProgress?: (attachment: Attachment, sentBytes: number) => void;
  /** The portal accepted this file. */
  onUploaded?: (attachment: Attachment) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 3;

function changedWhileUploading(attachment: Attachment): UsageError {
  return new UsageError(`--attach ${attachment.path}: the file changed size while it was uploading`, 'Wait until nothing is writing to it (or attach a copy), then run the command again.');
}

/** The file could not be read while it was uploading (removed, or its permissions changed). */
class FileReadError extends Error {}

/**
 * Yields the first `length` bytes of a file, one read at a time, through one buffer from the pool
 * of every upload (read-buffers.ts): an upload holds READ_BUFFER_BYTES however large its file is,
 * and the buffer goes back to the pool when the upload ends normally.
 *
 * Each read is synchronous, on the thread that then writes the bytes to the socket. Reading through
 * Node's thread pool instead (`FileHandle.read`, the next chunk read while this one was sent) cost
 * about twice the CPU per byte (bench/notes.md): the bytes were read on another thread, often on
 * another core, and each read was two context switches. A read from the page cache takes well under
 * a millisecond; one from a slow disk holds the event loop for as long, at most READ_BUFFER_BYTES.
 * The file is opened without waiting (openFileNow), as its check opened it.
 *
 * Reuse is safe only because of how the consumer asks: both transports (node-transport.ts, and
 * undici through a proxy) write a chunk to the socket and ask for the next one only once the socket
 * has taken all of it (its write finished, or it drained). So when chunk n is asked for, the buffer
 * is free to be read into again. Hand this to nothing that reads ahead (a Readable,
 * `Readable.from`). test/integration/faults.test.ts checks the bytes that arrive through a slow
 * portal.
 *
 * `onFlushed` is told the bytes the consumer has taken, counted when it asks for the next chunk
 * (never when they are read from disk), which is what the progress line shows. The OS may still
 * hold some of them: up to its socket buffer, a few MB on a slow link.
 */
async function* fileChunks(path: string, length: number, onFlushed: (bytes: number) => void): AsyncGenerator<Buffer> {
  const readFailed = (error: unknown) => new FileReadError((error as Error).message, { cause: error });
  let fd: number;
  try {
    fd = openFileNow(path);
  } catch (error) {
    throw readFailed(error);
  }
  const buffer = takeReadBuffer();
  let ended = false;
  try {
    onFlushed(0);
    for (let position = 0; position < length; ) {
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, length - position), position);
      } catch (error) {
        throw readFailed(error);
      }
      if (bytesRead === 0) break; // the file shrank: the transport reports the length it was promised
      yield buffer.subarray(0, bytesRead);
      // asked for the next chunk: the connection has taken this one
      position += bytesRead;
      onFlushed(position);
    }
    ended = true; // asked for what follows the last chunk: nothing reads the buffer any more
  } finally {
    if (ended) giveBackReadBuffer(buffer);
    closeSync(fd);
  }
}

async function uploadOne(api: PortalApi, attachment: Attachment, options: UploadOptions, signal: AbortSignal): Promise<UploadedAttachment> {
  // Each attempt reads the file from disk again, and counts its bytes from zero. Exactly the bytes
  // that were checked: growth is caught by the stat after the upload, shrinking by the length the
  // portal was promised.
  const body = () => fileChunks(attachment.realPath, attachment.size, (sent) => options.onProgress?.(attachment, sent));
  const startedAt = (options.now ?? (() => new Date()))();
  try {
    const upload = await api.upload({ fileName: attachment.name, contentType: attachment.contentType, size: attachment.size, body, signal });
    const now = statNow(attachment.realPath)?.size;
    if (now !== attachment.size) {
      await api.deleteUpload(upload.token).catch(() => {});
      throw changedWhileUploading(attachment);
    }
    options.onUploaded?.(attachment);
    return { attachment, token: upload.token, startedAt };
  } catch (error) {
    if (error instanceof PortalError && error.code === NetworkCode.lengthMismatch) throw changedWhileUploading(attachment);
    const unreadable = causeOf(error, FileReadError);
    if (unreadable) {
      throw new UsageError(`--attach ${attachment.path}: it could not be read while uploading (${unreadable.message})`, 'Check that it is still there and readable, then run the command again.');
    }
    if (error instanceof PortalError && error.status === 413) {
      throw new PortalError(`${api.portal.host} refused ${attachment.path} (${attachment.size} bytes): it is over the portal's size limit (HTTP 413)`, 413, 'Compress it, or attach a smaller excerpt.');
    }
    if (error instanceof UsageError) throw error;
    if (error instanceof PortalError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403 && error.status !== 429) {
      throw new PortalError(`${api.portal.host} refused the file ${attachment.path}: ${error.message}`, error.status, 'The portal may not accept this type of file; try packing it into a .zip, or file the request on the web with `submit --web`.');
    }
    throw error;
  }
}

/** The first error of this class in the chain of causes (the HTTP client wraps what a body throws). */
function causeOf<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof type) return e;
  return undefined;
}

/**
 * Uploads every attachment, `concurrency` at a time. When one fails, no new upload starts, but those
 * under way are let finish (an aborted upload may still land on the portal, with a token we would
 * never learn); then every upload made is deleted and the first error is thrown.
 */
export async function uploadAttachments(api: PortalApi, attachments: readonly Attachment[], options: UploadOptions): Promise<UploadedAttachment[]> {
  const results: Array<UploadedAttachment | undefined> = new Array(attachments.length);
  const signal = options.signal ?? new AbortController().signal;
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (firstError === undefined && !signal.aborted && next < attachments.length) {
      const index = next++;
      try {
        results[index] = await uploadOne(api, attachments[index]!, options, signal);
      } catch (error) {
        firstError ??= error;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, attachments.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const done = results.filter((r): r is UploadedAttachment => r !== undefined);
  if (firstError !== undefined || signal.aborted) {
    await deleteUploads(api, done.map((u) => u.token));
    throw signal.aborted ? signal.reason : firstError;
  }
  return done;
}

/** Removes uploads that will not be used. Best effort: a token left behind expires in 60 minutes. */
export async function deleteUploads(api: PortalApi, tokens: readonly string[]): Promise<void> {
  await Promise.allSettled(tokens.map((token) => api.deleteUpload(token)));
}
