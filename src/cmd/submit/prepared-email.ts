/**
 * The email written for a draft while the portal was down (email-fallback.ts), as a request filed
 * from that draft sees it: Support may get both. Kept apart from email-fallback.ts, which loads the
 * email writer and the HAR scrubber, because every filed request asks.
 */
import { resolve } from 'node:path';
import { draftEmailPath } from '../../drafts/draft-store.js';
import { sanitize } from '../../terminal/sanitize.js';
import { statNow } from '../../stat-now.js';

/** The email prepared for a draft, if one was: where, and when. */
export async function preparedEmail(draftPath: string | undefined): Promise<{ path: string; writtenAt: Date } | undefined> {
  if (draftPath === undefined) return undefined;
  const path = resolve(draftEmailPath(draftPath));
  const info = statNow(path);
  return info?.isFile() ? { path, writtenAt: info.mtime } : undefined;
}

/** What a request filed from a draft says of the email prepared for it: Support may get both. */
export function preparedEmailNote(email: { path: string; writtenAt: Date }, requestId: number): { lines: string[]; json: Record<string, unknown> } {
  return {
    lines: [
      `An email of this request was written ${email.writtenAt.toISOString()}, while the portal was down (${sanitize(email.path)}).`,
      `The CLI cannot know whether it was sent. If it was, tell Sigma Support that it is request #${requestId}, so they merge the two. The email is removed with the draft.`,
    ],
    json: { path: email.path, written_at: email.writtenAt.toISOString(), may_have_been_sent: true, quote_request: requestId },
  };
}
