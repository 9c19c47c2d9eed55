/**
 * Upload, the second step of the core path: streams each attachment from disk as raw bytes, a few
 * at a time, and reports bytes as they go. If any upload fails, the others are stopped and every
 * upload already made is deleted, so nothing is left half-sent.
 */
import { open, stat } from 'node:fs/promises';
import { PortalError, UsageError } from '../errors.js';
import type { PortalApi } from '../portal/portal-api.js';
import { NetworkCode } from '../portal/transport.js';
import type { Attachment } from './attachments.js';
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
 * Bytes handed to the connection at a time, out of a chunk read: the count of what the connection
 * has taken moves in steps this small, so progress follows the link rather than the disk.
 */
const SLICE_BYTES = 256 * 1024;

/**
 * Yields the first `length` bytes of a file through two buffers used in turn, so an upload holds
 * 1 MB however large the file is (fresh buffers per read piled up as garbage: peak memory grew with
 * the size of the attachments), and the next chunk is read from disk while this one is sent. The
 * buffers come from one pool for every upload (read-buffers.ts), and go back to it when the upload
 * ends normally.
 *
 * Reuse is safe only because of how the consumer asks: both transports (node-transport.ts, and
 * undici through a proxy) write a chunk to the socket and ask for the next one only once the socket
 * has taken all of it (its write finished, or it drained). So when chunk n is asked for, the buffer
 * of chunk n-1 is free to be read into. Hand this to nothing
 * that reads ahead (a Readable, `Readable.from`). test/integration/faults.test.ts checks the bytes
 * that arrive through a slow portal.
 *
 * `onFlushed` is told the bytes the consumer has taken, counted when it asks for the next slice
 * (never when they are read from disk), which is what the progress line shows. The OS may still
 * hold some of them: up to its socket buffer, a few MB on a slow link.
 */
async function* fileChunks(path: string, length: number, onFlushed: (bytes: number) => void): AsyncGenerator<Buffer> {
  const readFailed = (error: unknown) => new FileReadError((error as Error).message, { cause: error });
  const file = await open(path, 'r').catch((error: unknown) => {
    throw readFailed(error);
  });
  const read = (buffer: Buffer, position: number) => {
    const reading = file.read(buffer, 0, Math.min(buffer.length, length - position), position).catch((error: unknown) => {
      throw readFailed(error);
    });
    reading.catch(() => {}); // awaited below; this only keeps a read the consumer abandoned from going unhandled
    return reading;
  };
  let filling = takeReadBuffer();
  let sending = takeReadBuffer();
  let ended = false;
  try {
    let position = 0;
    let next = read(filling, position);
    onFlushed(0);
    while (position < length) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break; // the file shrank: the transport reports the length it was promised
      [filling, sending] = [sending, filling];
      const start = position;
      position += bytesRead;
      if (position < length) next = read(filling, position);
      for (let offset = 0; offset < bytesRead; offset += SLICE_BYTES) {
        const end = Math.min(bytesRead, offset + SLICE_BYTES);
        yield sending.subarray(offset, end);
        // asked for the next slice: the connection has taken this one
        onFlushed(start + end);
      }
    }
    ended = true; // asked for what follows the last slice: nothing reads either buffer any more
  } finally {
    if (ended) [filling, sending].forEach(giveBackReadBuffer);
    await file.close();
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
    const now = await stat(attachment.realPath).catch(() => undefined);
    if (now?.size !== attachment.size) {
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
