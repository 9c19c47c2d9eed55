/** `sigma-support drafts list | show | delete` (and `submit --list-drafts`, the same listing). */
import { DraftLock } from '../../drafts/draft-lock.js';
import { isOld } from '../../drafts/draft-expiry.js';
import { DraftStore, draftId, type Draft } from '../../drafts/draft-store.js';
import { CancelledError, UsageError } from '../../errors.js';
import { canPrompt } from '../../terminal/iostreams.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';
import { withGlobalFlags } from '../hints.js';
import type { DraftsDeleteFlags, DraftsListFlags, DraftsShowFlags } from './definition.js';
import { expireAndTell, keptBecause } from './expiry-notes.js';

const store = (ctx: CommandContext) => new DraftStore(ctx.draftsDir);
const hint = (ctx: CommandContext, text: string) => ctx.io.stderr.write(`${withGlobalFlags(text, ctx.globalFlags)}\n`);

/** What a listing says of each draft (the description and attachments are for `show`). */
function summary(path: string, draft: Draft, old: string | false) {
  return {
    id: draftId(path),
    path,
    savedAt: draft.savedAt,
    reason: draft.reason,
    portal: draft.portal,
    subject: draft.fields.subject ?? null,
    severity: draft.fields.severity ?? null,
    mayExist: draft.createSentAt !== undefined,
    old: old !== false,
  };
}

export async function runDraftsList(flags: DraftsListFlags, ctx: CommandContext): Promise<void> {
  const drafts = store(ctx);
  const expiry = await expireAndTell(drafts, ctx, false);
  const kept = new Map(expiry.keptOld.map((k) => [k.path, keptBecause(k.why)]));
  const list = (await drafts.list()).map(({ path, draft }) => ({ path, draft, old: isOld(draft, ctx.now()) ? (kept.get(path) ?? 'kept') : (false as const) }));
  if (flags.json) {
    ctx.io.stdout.write(`${safeJson(list.map(({ path, draft, old }) => summary(path, draft, old)))}\n`);
    return;
  }
  if (list.length === 0) {
    ctx.io.stderr.write(`No saved drafts (they are kept in ${sanitize(drafts.dir)}).\n`);
    return;
  }
  for (const { path, draft, old } of list) {
    const lines = [`${sanitize(draftId(path))}  ${sanitize(draft.fields.severity ?? '--')}  ${sanitize(draft.fields.subject ?? '(no subject yet)')}`, `  saved ${sanitize(draft.savedAt)}: ${sanitize(draft.reason)}`];
    if (draft.createSentAt) lines.push('  a create was sent: the request may exist (--recover looks for it first)');
    if (old) lines.push(`  older than 30 days, kept: ${old}`);
    lines.push(`  ${sanitize(path)}`);
    ctx.io.stdout.write(`${lines.join('\n')}\n`);
  }
  hint(ctx, 'Show one with `sigma-support drafts show <id>`; recover it with `sigma-support submit --recover <id>`.');
}

export async function runDraftsShow(ref: string, flags: DraftsShowFlags, ctx: CommandContext): Promise<void> {
  const drafts = store(ctx);
  const path = await drafts.find(ref, 'drafts show');
  const draft = await drafts.load(path, 'drafts show');
  // the idempotency key is left out: it is the request's identity at the portal, not something to copy
  const { idempotencyKey: _key, ...shown } = draft;
  if (flags.json) {
    ctx.io.stdout.write(`${safeJson({ id: draftId(path), path, ...shown, mayExist: draft.createSentAt !== undefined })}\n`);
    return;
  }
  const f = draft.fields;
  const row = (label: string, value: string) => `${`${label}:`.padEnd(13)}${value}`;
  const attachments = (f.attachments ?? []).map((a) => (typeof a === 'string' ? sanitize(a) : `${sanitize(a.path)}${a.size !== undefined ? ` (${a.size} bytes)` : ''}`));
  const lines = [
    row('Draft', `${sanitize(draftId(path))}  ${sanitize(path)}`),
    row('Saved', `${sanitize(draft.savedAt)}: ${sanitize(draft.reason)}`),
    row('Portal', `${sanitize(draft.portal || '(none yet)')} (profile ${sanitize(draft.profile)})`),
    row('Subject', sanitize(f.subject ?? '(none)')),
    row('Severity', sanitize(f.severity ?? '(none)')),
    row('CC', f.cc?.length ? f.cc.map((c) => sanitize(c)).join(', ') : '(none)'),
    row('Attachments', attachments.length ? attachments.join('\n' + ' '.repeat(13)) : '(none)'),
    ...(draft.followUp !== undefined ? [row('Follow-up', `of closed request #${draft.followUp}`)] : []),
  ];
  if (draft.createSentAt) lines.push('', withGlobalFlags(`A create was sent at ${sanitize(draft.createSentAt)}: the request may exist. \`sigma-support submit --recover ${sanitize(draftId(path))}\` looks for it first, and files it only if it is not there.`, ctx.globalFlags));
  lines.push('', 'Description:', f.description !== undefined ? sanitize(f.description, { multiline: true }).replace(/^/gm, '  ') : '  (none)');
  ctx.io.stdout.write(`${lines.join('\n')}\n`);
}

export async function runDraftsDelete(ref: string, flags: DraftsDeleteFlags, ctx: CommandContext): Promise<void> {
  const drafts = store(ctx);
  const path = await drafts.find(ref, 'drafts delete');
  // under its lock: a draft a run is using is refused (exit 2), saying which run
  const lock = await DraftLock.acquire(path, ctx.now());
  try {
    const draft = await drafts.load(path, 'drafts delete');
    if (draft.createSentAt !== undefined && !flags.yes) {
      const what = `a create was sent for the draft ${sanitize(draftId(path))} at ${sanitize(draft.createSentAt)}: the request may exist, and this draft is what lets \`submit --recover\` find it without filing twice`;
      if (!canPrompt(ctx.io, flags.input === false)) throw new UsageError(`drafts delete: ${what}. Nothing was deleted.`, 'Check with `sigma-support requests list` (or `sigma-support submit --recover <id>`), then delete it with --yes.');
      if (!(await ctx.prompter().confirm({ message: `${what[0]!.toUpperCase()}${what.slice(1)}. Delete it anyway?`, default: false }))) throw new CancelledError('Cancelled. The draft is kept.');
    }
    await drafts.delete(path);
  } finally {
    await lock.release();
  }
  ctx.io.stderr.write(`Deleted the draft ${sanitize(draftId(path))} (${sanitize(path)}).\n`);
}
