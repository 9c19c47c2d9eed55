/**
 * Upload, the second step of the core path: streams each attachment from disk as raw bytes, a few
 * at a time, and reports bytes as they go. If any upload fails, the others are stopped and every
 * upload already made is deleted, so nothing is left half-sent.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { PortalError, UsageError } from '../errors.js';
import type { PortalApi } from '../portal/portal-api.js';
import type { Attachment } from './attachments.js';

export interface UploadedAttachment {
  attachment: Attachment;
  token: string;
}

export interface UploadOptions {
  concurrency: number;
  onProgress?: (attachment: Attachment, sentBytes: number) => void;
  /** The portal accepted this file. */
  onUploaded?: (attachment: Attachment) => void;
  signal?: AbortSignal;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 3;

function changedWhileUploading(attachment: Attachment): UsageError {
  return new UsageError(`--attach ${attachment.path}: the file changed size while it was uploading`, 'Wait until nothing is writing to it (or attach a copy), then run the command again.');
}

async function uploadOne(api: PortalApi, attachment: Attachment, options: UploadOptions, signal: AbortSignal): Promise<UploadedAttachment> {
  const opened: Readable[] = [];
  // Each attempt reads the file from disk again, and counts its bytes from zero.
  const body = () => {
    let sent = 0;
    options.onProgress?.(attachment, 0);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        options.onProgress?.(attachment, sent);
        callback(null, chunk);
      },
    });
    // Exactly the bytes that were checked: growth is caught by the stat after the upload, shrinking
    // by the length the portal was promised.
    const file = createReadStream(attachment.realPath, { end: attachment.size - 1, highWaterMark: 1024 * 1024 });
    file.on('error', (error) => counter.destroy(error));
    file.pipe(counter);
    opened.push(file);
    return counter;
  };
  try {
    const upload = await api.upload({ fileName: attachment.name, contentType: attachment.contentType, size: attachment.size, body, signal });
    const now = await stat(attachment.realPath).catch(() => undefined);
    if (now?.size !== attachment.size) {
      await api.deleteUpload(upload.token).catch(() => {});
      throw changedWhileUploading(attachment);
    }
    options.onUploaded?.(attachment);
    return { attachment, token: upload.token };
  } catch (error) {
    const cause = error instanceof PortalError ? (error.cause as { code?: string } | undefined) : undefined;
    if (cause?.code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') throw changedWhileUploading(attachment);
    if (error instanceof PortalError && error.status === 413) {
      throw new PortalError(`${api.portal.host} refused ${attachment.path} (${attachment.size} bytes): it is over the portal's size limit (HTTP 413)`, 413, 'Compress it, or attach a smaller excerpt.');
    }
    if (error instanceof UsageError) throw error;
    if (error instanceof PortalError && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403 && error.status !== 429) {
      throw new PortalError(`${api.portal.host} refused the file ${attachment.path}: ${error.message}`, error.status, 'The portal may not accept this type of file; try packing it into a .zip, or file the request on the web with `submit --web`.');
    }
    throw error;
  } finally {
    for (const file of opened) file.destroy();
  }
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
