/**
 * The core path of `requests reply`: upload the attachments (the same path as submit), then add the
 * comment. Like a create, a reply is never blindly sent twice: with no answer, the comments are
 * checked for it first.
 */
import { PortalError } from '../errors.js';
import type { PortalApi } from '../portal/portal-api.js';
import type { PortalRequest } from '../portal/schemas.js';
import type { Attachment } from './attachments.js';
import { deleteUploads, uploadAttachments, type UploadOptions } from './uploads.js';

export interface ReplyResult {
  request: PortalRequest | undefined;
  /** No answer came, but the comment is there. */
  foundAfterNoAnswer: boolean;
}

export async function replyToRequest(api: PortalApi, id: number, body: string, attachments: readonly Attachment[], options: UploadOptions & { onStage?: (stage: 'uploading' | 'sending' | 'checking') => void }): Promise<ReplyResult> {
  if (attachments.length) options.onStage?.('uploading');
  const uploads = await uploadAttachments(api, attachments, options);
  options.onStage?.('sending');
  try {
    return { request: await api.addComment(id, body, uploads.map((u) => u.token)), foundAfterNoAnswer: false };
  } catch (error) {
    if (!(error instanceof PortalError && error.outcomeUnknown)) {
      await deleteUploads(api, uploads.map((u) => u.token));
      throw error;
    }
    options.onStage?.('checking');
    const comments = await api.comments(id).catch(() => []);
    if (comments.slice(-5).some((c) => (c.body ?? c.plain_body ?? '').trim() === body.trim())) return { request: undefined, foundAfterNoAnswer: true };
    throw new PortalError(`${error.message}; the reply may not have been added`, undefined, `Check with \`sigma-support requests view ${id}\` before replying again.`);
  }
}
