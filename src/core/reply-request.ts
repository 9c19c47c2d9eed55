/**
 * The core path of `requests reply`: upload the attachments (the same path as submit), then add the
 * comment, exactly once, by the rules of a create (create-request.ts). A reply is sent blindly again
 * only when it certainly did not take effect (a 429, or a connection that could not be opened: the
 * HTTP client does that). Any other failure without a clear refusal (a 5xx, a reset, a timeout, an
 * answer that cannot be read) leaves its outcome unknown: the uploads are kept, and the request's
 * comments are read for a public comment of mine with the same body created since it was sent. It is
 * sent once more only when that lookup answered and the comment is not there; when the question
 * cannot be settled, OutcomeUnknownError (exit 5) says the reply may have been added.
 */
import { InterruptedError, OutcomeUnknownError, PortalError } from '../errors.js';
import type { PortalApi } from '../portal/portal-api.js';
import type { PortalComment, PortalRequest } from '../portal/schemas.js';
import type { Attachment } from './attachments.js';
import { CLOCK_SKEW_MS } from './create-request.js';
import { deleteUploads, uploadAttachments, type UploadOptions } from './uploads.js';

export interface ReplyResult {
  request: PortalRequest | undefined;
  /** No usable answer came, but the comment is there. */
  foundAfterNoAnswer: boolean;
  /** The comment, when it was looked for and found. */
  comment?: PortalComment | undefined;
}

export interface ReplyOptions extends UploadOptions {
  onStage?: (stage: 'uploading' | 'sending' | 'checking') => void;
  now?: () => Date;
}

function mayHaveBeenAdded(id: number, why: string, cause?: unknown): OutcomeUnknownError {
  return new OutcomeUnknownError(
    `the reply may have been added to request ${id}: ${why}`,
    `Do not send it again blindly: check with \`sigma-support requests view ${id}\` first, and reply again only if it is not there.`,
    { cause },
  );
}

/** My reply, if it is there. Resolves undefined only when the portal answered and it is not; otherwise OutcomeUnknownError. */
async function isThere(api: PortalApi, id: number, body: string, sentAt: Date, why: string): Promise<PortalComment | undefined> {
  try {
    const me = await api.currentUserId({ settling: true });
    return await api.findRecentComment(id, body, me, new Date(sentAt.getTime() - CLOCK_SKEW_MS));
  } catch (error) {
    const said = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw mayHaveBeenAdded(id, `${why}, and looking for it failed (${said})`, error);
  }
}

export async function replyToRequest(api: PortalApi, id: number, body: string, attachments: readonly Attachment[], options: ReplyOptions): Promise<ReplyResult> {
  const now = options.now ?? (() => new Date());
  if (attachments.length) options.onStage?.('uploading');
  const uploads = await uploadAttachments(api, attachments, options);
  const tokens = uploads.map((u) => u.token);
  const sentAt = now();
  const attempt = async (final: boolean): Promise<ReplyResult> => {
    // Checked after the last await: from here the reply leaves, and may take effect.
    if (options.signal?.aborted) {
      await deleteUploads(api, tokens);
      throw options.signal.reason;
    }
    options.onStage?.('sending');
    try {
      return { request: await api.addComment(id, body, tokens), foundAfterNoAnswer: false };
    } catch (error) {
      if (!(error instanceof PortalError && error.outcomeUnknown)) {
        await deleteUploads(api, tokens);
        throw error;
      }
      // The uploads are kept from here on: the reply may hold them (unused ones expire on their own).
      const why = error.message.split('\n')[0]!;
      options.onStage?.('checking');
      const comment = await isThere(api, id, body, sentAt, why);
      if (comment) return { request: undefined, foundAfterNoAnswer: true, comment };
      if (options.signal?.aborted) {
        const reason = options.signal.reason instanceof Error ? options.signal.reason.message : 'Interrupted.';
        throw new InterruptedError(`${reason} The reply is not among the request's comments: it was not added.`);
      }
      if (final) throw new PortalError(`${why}; the reply is not among the request's comments, so it was not added`, error.status, error.hint, { cause: error, code: error.code });
      return attempt(true);
    }
  };
  return attempt(false);
}
