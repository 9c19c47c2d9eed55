/**
 * `sigma-support requests reply <id>`: a public reply, with attachments through the same upload path
 * as submit. At a terminal it is reviewed first (reply-review.ts: Send, Edit or Cancel); --dry-run
 * shows what would be sent; a closed request is offered a follow-up instead (closed-request.ts).
 */
import { AttachmentSafety, type FileSafety } from '../../core/attachment-safety.js';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../core/attachments.js';
import { CLOCK_SKEW_MS } from '../../core/create-request.js';
import { LIMITS } from '../../core/limits.js';
import { replyToRequest, type ReplyResult } from '../../core/reply-request.js';
import { checkDescription } from '../../core/request-fields.js';
import { DEFAULT_UPLOAD_CONCURRENCY } from '../../core/uploads.js';
import { validateAttachments } from '../../core/validate-request.js';
import { PortalError, UsageError } from '../../errors.js';
import type { PortalRequest } from '../../portal/schemas.js';
import { requestPageUrl } from '../../portal/portal-url.js';
import { canPrompt, terminalWidth } from '../../terminal/iostreams.js';
import { readTextArgument } from '../../terminal/read-text.js';
import { safeJson } from '../../terminal/sanitize.js';
import { styleFor } from '../../terminal/style.js';
import { startUploadProgress, type UploadProgress } from '../../terminal/upload-progress.js';
import type { CommandContext } from '../context.js';
import { openSession, type Session } from '../session.js';
import { fileLines, warningLines } from '../submit/safety.js';
import { closedRequestError, offerFollowUp } from './closed-request.js';
import type { ReplyFlags } from './definition.js';
import { renderReplyDryRun, renderReplyReview, replyDryRun, replyProblem, reviewReply, safetyJson, type ReplyShown, type TextSource } from './reply-review.js';
import { notFound } from './view.js';

/** Flag mistakes are found before the portal is contacted. */
function checkMessageFlags(flags: ReplyFlags, interactive: boolean): void {
  const given = [flags.message !== undefined, flags.messageFile !== undefined, flags.editor === true].filter(Boolean).length;
  if (given > 1) throw new UsageError('give the reply only one way: --message, --message-file or --editor');
  if (flags.editor && !interactive) throw new UsageError('--editor needs a terminal', 'Use --message or --message-file in scripts.');
  if (given === 0 && !interactive) throw new UsageError('missing --message (or --message-file, or --editor on a terminal)', 'Without a terminal the reply must come from a flag.');
}

async function message(flags: ReplyFlags, ctx: CommandContext): Promise<{ body: string; how: TextSource }> {
  const how: TextSource = flags.message === undefined && flags.messageFile === undefined ? 'editor' : 'typed';
  const text =
    flags.message ??
    (flags.messageFile !== undefined ? await readTextArgument('--message-file', flags.messageFile, ctx.io, LIMITS.descriptionBytes, ctx.signal) : await ctx.prompter().editor({ message: 'Your reply', initial: '' }));
  const checked = checkDescription(text);
  if (!checked.ok) throw new UsageError(`the reply ${replyProblem(checked.problem)}`);
  return { body: checked.value, how };
}

/** What ended the run short of a reply: the request is closed (it may have been closed while the reply was written). */
interface Closed {
  closed: true;
  /** The reply's text, when it was already written. */
  typed?: string;
}

export async function runReply(id: number, flags: ReplyFlags, ctx: CommandContext): Promise<void> {
  const interactive = canPrompt(ctx.io, flags.input === false);
  checkMessageFlags(flags, interactive);
  const attachments = await validateAttachments(flags.attach ?? [], DEFAULT_ATTACHMENT_LIMITS);
  // HAR files are scrubbed, and secrets in text named, as for submit (core/attachment-safety.ts); a
  // --no-scrub naming no attached file is refused before the portal is asked or the reply written
  const noScrub = Array.isArray(flags.scrub) ? flags.scrub : [];
  const safety = new AttachmentSafety(noScrub, ctx.signal);
  await safety.checkNoScrub(attachments, noScrub);
  const session = await openSession(ctx, { portalFlag: flags.portal, timeoutSeconds: flags.timeout });
  let outcome: Closed | undefined;
  try {
    const request = await session.api.getRequest(id);
    if (!request) throw notFound(id, session);
    outcome = request.status === 'closed' ? { closed: true } : await replyTo(id, request, flags, ctx, session, await safety.prepare(attachments), interactive);
  } finally {
    await safety.cleanup();
    await session.close();
  }
  if (outcome?.closed) {
    if (!interactive) throw closedRequestError(id, flags);
    await offerFollowUp(id, flags, ctx, outcome.typed);
  }
}

async function replyTo(id: number, request: PortalRequest, flags: ReplyFlags, ctx: CommandContext, session: Session, files: readonly FileSafety[], interactive: boolean): Promise<Closed | undefined> {
  const style = styleFor(ctx.io);
  const written = await message(flags, ctx);
  const notes = (body: string, verb: 'would be' | 'is') => [...fileLines(files), ...warningLines(body, files, style, 'the reply', verb)];
  const shown = (body: string): ReplyShown => ({ portal: session.portal, id, request, body, files });
  if (flags.dryRun) {
    const plan = replyDryRun(shown(written.body));
    ctx.io.stdout.write(flags.json ? `${safeJson({ ...plan, ...safetyJson(written.body, files) })}\n` : `${renderReplyDryRun(plan, notes(written.body, 'would be'))}\n`);
    return undefined;
  }
  let body = written.body;
  if (interactive && !flags.yes) {
    body = await reviewReply({ prompter: ctx.prompter(), io: ctx.io, style, how: written.how, render: (b) => renderReplyReview(shown(b), notes(b, 'would be'), style, terminalWidth(ctx.io)) }, body);
  } else {
    const lines = notes(body, 'is');
    if (lines.length) ctx.io.stderr.write(`${lines.join('\n')}\n`);
  }
  const sentAt = ctx.now();
  let result: ReplyResult;
  try {
    result = await send(session, id, body, files, ctx);
  } catch (error) {
    // closed while the reply was written: the portal refuses it (422), and the request now says closed
    if (error instanceof PortalError && error.status === 422 && (await session.api.getRequest(id).catch(() => undefined))?.status === 'closed') return { closed: true, typed: body };
    throw error;
  }
  if (result.foundAfterNoAnswer) ctx.io.stderr.write('The portal did not answer, but the reply is there: it was added once.\n');
  const reopened = request.status === 'solved';
  if (flags.json) {
    const comment = result.comment ?? (await lookUpComment(session, id, body, sentAt));
    const uploads = files.map((f) => ({ name: f.attachment.name, size: f.sent.size, contentType: f.sent.contentType }));
    ctx.io.stdout.write(
      `${safeJson({ request_id: id, url: requestPageUrl(session.portal, id, session.locale), status: result.request?.status ?? null, comment_id: comment?.id ?? null, reopened, uploads, ...safetyJson(body, files) })}\n`,
    );
    return undefined;
  }
  const count = files.length ? ` with ${files.length} attachment${files.length === 1 ? '' : 's'}` : '';
  ctx.io.stdout.write(`Replied to request #${id}${count}.${reopened ? ' It was solved: your reply reopens it.' : ''}\n  ${requestPageUrl(session.portal, id, session.locale)}\n`);
  return undefined;
}

/** Uploads and sends (core/reply-request.ts: exactly once), with progress on stderr. */
async function send(session: Session, id: number, body: string, files: readonly FileSafety[], ctx: CommandContext): Promise<ReplyResult> {
  const sent = files.map((f) => f.sent);
  const progress: UploadProgress = await startUploadProgress(ctx.io, sent);
  try {
    return await replyToRequest(session.api, id, body, sent, {
      concurrency: DEFAULT_UPLOAD_CONCURRENCY,
      onProgress: (a, n) => progress.update(a, n),
      onUploaded: (a) => progress.uploaded(a),
      onStage: (stage) => progress.stage(stage === 'sending' ? 'Sending the reply' : stage === 'checking' ? 'Checking whether the reply arrived' : 'Uploading'),
      signal: ctx.signal,
    });
  } finally {
    progress.stop();
  }
}

/** For --json: the id of the comment just added, when the comments can be read (null otherwise: the reply was sent all the same). */
async function lookUpComment(session: Session, id: number, body: string, sentAt: Date) {
  try {
    return await session.api.findRecentComment(id, body, await session.api.currentUserId(), new Date(sentAt.getTime() - CLOCK_SKEW_MS));
  } catch {
    return undefined;
  }
}
