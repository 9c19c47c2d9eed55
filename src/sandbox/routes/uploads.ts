/**
 * Uploads (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/): POST
 * /api/v2/uploads stores the bytes exactly as received under a token (another file joins a token
 * given back), DELETE removes a token not yet used, and /attachments/token/<token>/ downloads.
 * Requests and replies take tokens with `takeUploads` and mark them used with `consumeUploads`.
 */
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requireAccount } from '../auth.js';
import type { SandboxAccount } from '../fixtures.js';
import { badRequest, HttpFailure, invalid, json, notFound, tooLarge, type Details } from '../http-answer.js';
import type { PortalCall, PortalEnv } from '../portal-call.js';
import type { Route } from '../route-table.js';
import type { AttachmentRecord } from '../store.js';
import { attachmentJson } from '../zendesk-shapes.js';

const UPLOAD_TTL_MS = 60 * 60 * 1000;

export interface UploadLimits {
  /** Per-file limit; larger uploads get 413. */
  maxUploadBytes: number;
  /** Reads each upload at most this fast (per connection). */
  throttleBytesPerSecond?: number;
  onUploadStart?: (fileName: string) => void;
  onUploadBytes?: (fileName: string, received: number) => void;
}

/** Passes bytes on no faster than `rate` a second. */
function throttle(rate: number): Transform {
  const started = Date.now();
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      passed += chunk.length;
      const due = started + (passed / rate) * 1000 - Date.now();
      if (due > 0) setTimeout(() => cb(null, chunk), due);
      else cb(null, chunk);
    },
  });
}

export function uploadRoutes(env: PortalEnv, limits: UploadLimits): Array<Route<PortalCall>> {
  const { store } = env;

  async function upload(call: PortalCall): Promise<unknown> {
    const account = requireAccount(call);
    const fileName = call.url.searchParams.get('filename');
    if (!fileName) throw badRequest('The filename parameter is required');
    const declared = Number(call.req.headers['content-length'] ?? NaN);
    // Over the limit: the rest of the body is read and dropped, so the client gets the 413 rather
    // than a connection closed under it.
    if (Number.isFinite(declared) && declared > limits.maxUploadBytes) throw tooLarge();
    const existingToken = call.url.searchParams.get('token');
    const now = env.now();
    let record = existingToken ? store.uploads.get(existingToken) : undefined;
    if (existingToken && (!record || record.owner_id !== account.id || Date.parse(record.expires_at) <= now.getTime() || record.used_by_request)) {
      throw invalid({ token: [{ description: 'Token: is invalid or has expired', error: 'InvalidValue', field_key: 'token' }] });
    }
    const token = record?.token ?? store.newUploadToken();
    const target = store.newAttachmentPath(token, fileName);
    let size = 0;
    const limit = limits.maxUploadBytes;
    const onBytes = limits.onUploadBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        onBytes?.(fileName, size);
        cb(null, size > limit ? undefined : chunk);
      },
    });
    const discard = () => (record ? rmSync(target.absolute, { force: true }) : store.deleteUpload(token));
    limits.onUploadStart?.(fileName);
    try {
      await (limits.throttleBytesPerSecond
        ? pipeline(call.req, throttle(limits.throttleBytesPerSecond), counter, createWriteStream(target.absolute))
        : pipeline(call.req, counter, createWriteStream(target.absolute)));
    } catch {
      discard();
      throw new HttpFailure(400, { error: 'UploadFailed', description: 'The upload was interrupted' });
    }
    if (size > limit) {
      discard();
      throw tooLarge();
    }
    if (size === 0) {
      discard();
      throw invalid({ file: [{ description: 'File: cannot be empty', error: 'BlankValue', field_key: 'file' }] });
    }
    const attachment: AttachmentRecord = {
      id: target.id,
      file_name: fileName,
      content_type: String(call.req.headers['content-type'] ?? 'application/octet-stream'),
      size,
      stored_as: target.relative,
    };
    record ??= { token, owner_id: account.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + UPLOAD_TTL_MS).toISOString(), attachments: [] };
    record.attachments.push(attachment);
    store.saveUpload(record);
    const shape = (a: AttachmentRecord) => attachmentJson(token, a, env.api, env.base());
    return { upload: { token, expires_at: record.expires_at, attachment: shape(attachment), attachments: record.attachments.map(shape) } };
  }

  return [
    { method: 'POST', path: '/api/v2/uploads', handle: async (call) => json(201, await upload(call)) },
    {
      method: 'DELETE',
      path: /^\/api\/v2\/uploads\/([^/]+)$/,
      handle: (call, [encoded]) => {
        const token = decodeURIComponent(encoded!);
        const account = requireAccount(call);
        const record = store.uploads.get(token);
        if (!record || record.owner_id !== account.id || record.used_by_request) throw notFound();
        store.deleteUpload(token);
        return json(204, undefined);
      },
    },
    {
      method: 'GET',
      path: /^\/attachments\/token\/([^/]+)$/,
      handle: (call, [encoded]) => {
        const token = decodeURIComponent(encoded!);
        const account = requireAccount(call);
        const record = store.uploads.get(token);
        const name = call.url.searchParams.get('name');
        const attachment = record?.attachments.find((a) => a.file_name === name) ?? record?.attachments[0];
        if (!record || !attachment || record.owner_id !== account.id) throw notFound();
        return { kind: 'file', status: 200, path: join(store.dataDir, attachment.stored_as), headers: { 'content-type': attachment.content_type, 'content-length': attachment.size } };
      },
    },
  ];
}

/** The attachments of these upload tokens, or the problem with each token that cannot be used, added to `details`. */
export function takeUploads(env: PortalEnv, tokens: unknown, account: SandboxAccount, details: Details): AttachmentRecord[] {
  const attachments: AttachmentRecord[] = [];
  if (tokens === undefined) return attachments;
  if (!Array.isArray(tokens)) {
    details.uploads = [{ description: 'Uploads: must be a list of tokens', error: 'InvalidValue', field_key: 'uploads' }];
    return attachments;
  }
  for (const token of tokens) {
    const record = typeof token === 'string' ? env.store.uploads.get(token) : undefined;
    if (!record || record.owner_id !== account.id || record.used_by_request || Date.parse(record.expires_at) <= env.now().getTime()) {
      (details.uploads ??= []).push({ description: `Uploads: token ${String(token)} is invalid or has expired`, error: 'InvalidValue', field_key: 'uploads' });
    } else attachments.push(...record.attachments);
  }
  return attachments;
}

/** Marks these upload tokens used by a request: they cannot be used again, nor deleted. */
export function consumeUploads(env: PortalEnv, tokens: unknown, requestId: number): void {
  for (const token of Array.isArray(tokens) ? tokens : []) {
    const record = env.store.uploads.get(String(token));
    if (record) env.store.saveUpload({ ...record, used_by_request: requestId });
  }
}
