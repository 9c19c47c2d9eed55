/** `sigma-support requests reply <id>`: a public reply, with attachments through the same upload path as submit. */
import { AttachmentSafety } from '../../core/attachment-safety.js';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../core/attachments.js';
import { LIMITS } from '../../core/limits.js';
import { replyToRequest } from '../../core/reply-request.js';
import { checkDescription } from '../../core/request-fields.js';
import { DEFAULT_UPLOAD_CONCURRENCY } from '../../core/uploads.js';
import { validateAttachments } from '../../core/validate-request.js';
import { PortalError, UsageError } from '../../errors.js';
import { requestPageUrl } from '../../portal/portal-url.js';
import { canPrompt } from '../../terminal/iostreams.js';
import { readTextArgument } from '../../terminal/read-text.js';
import { startUploadProgress, type UploadProgress } from '../../terminal/upload-progress.js';
import type { CommandContext } from '../context.js';
import { openSession } from '../session.js';
import type { ReplyFlags } from './definition.js';
import { notFound } from './view.js';
import { fileLines, warningLines } from '../submit/safety.js';
import { styleFor } from '../../terminal/style.js';

/** Flag mistakes are found before the portal is contacted. */
function checkMessageFlags(flags: ReplyFlags, interactive: boolean): void {
  const given = [flags.message !== undefined, flags.messageFile !== undefined, flags.editor === true].filter(Boolean).length;
  if (given > 1) throw new UsageError('give the reply only one way: --message, --message-file or --editor');
  if (flags.editor && !interactive) throw new UsageError('--editor needs a terminal', 'Use --message or --message-file in scripts.');
  if (given === 0 && !interactive) throw new UsageError('missing --message (or --message-file, or --editor on a terminal)', 'Without a terminal the reply must come from a flag.');
}

async function message(flags: ReplyFlags, ctx: CommandContext): Promise<string> {
  const text =
    flags.message ??
    (flags.messageFile !== undefined ? await readTextArgument('--message-file', flags.messageFile, ctx.io, LIMITS.descriptionBytes, ctx.signal) : await ctx.prompter().editor({ message: 'Your reply', initial: '' }));
  const checked = checkDescription(text);
  if (!checked.ok) throw new UsageError(`the reply ${checked.problem.replace('describe the problem, with the error message and its ID', 'write what you want to tell Support')}`);
  return checked.value;
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
  let progress: UploadProgress | undefined;
  try {
    const request = await session.api.getRequest(id);
    if (!request) throw notFound(id, session);
    if (request.status === 'closed') {
      throw new PortalError(`request ${id} is closed: it cannot take replies`, undefined, `File a new request instead, and mention #${id} in it: sigma-support submit`);
    }
    const body = await message(flags, ctx);
    const files = await safety.prepare(attachments);
    const notes = [...fileLines(files), ...warningLines(body, files, styleFor(ctx.io), 'the reply', 'is')];
    if (notes.length) ctx.io.stderr.write(`${notes.join('\n')}\n`);
    const sent = files.map((f) => f.sent);
    progress = await startUploadProgress(ctx.io, sent);
    const result = await replyToRequest(session.api, id, body, sent, {
      concurrency: DEFAULT_UPLOAD_CONCURRENCY,
      onProgress: (a, sent) => progress?.update(a, sent),
      onUploaded: (a) => progress?.uploaded(a),
      onStage: (stage) => progress?.stage(stage === 'sending' ? 'Sending the reply' : stage === 'checking' ? 'Checking whether the reply arrived' : 'Uploading'),
      signal: ctx.signal,
    });
    progress.stop();
    progress = undefined;
    if (result.foundAfterNoAnswer) ctx.io.stderr.write('The portal did not answer, but the reply is there: it was added once.\n');
    const reopened = request.status === 'solved' ? ' It was solved: your reply reopens it.' : '';
    ctx.io.stdout.write(`Replied to request #${id}${attachments.length ? ` with ${attachments.length} attachment${attachments.length === 1 ? '' : 's'}` : ''}.${reopened}\n  ${requestPageUrl(session.portal, id, session.locale)}\n`);
  } finally {
    progress?.stop();
    await safety.cleanup();
    await session.close();
  }
}
