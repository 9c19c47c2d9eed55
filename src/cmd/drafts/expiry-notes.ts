/** What the user is told when drafts expire (drafts/draft-expiry.ts): said once, on stderr, when it happens. */
import { DRAFT_MAX_AGE_DAYS, expireOldDrafts, type Expiry, type KeptOldDraft } from '../../drafts/draft-expiry.js';
import { draftId, type DraftStore } from '../../drafts/draft-store.js';
import { sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';
import { withGlobalFlags } from '../hints.js';

/** Why an old draft was kept, in words. */
export function keptBecause(why: KeptOldDraft['why']): string {
  return why === 'create-sent' ? 'a create was sent, so the request may exist' : 'a run is using it';
}

/**
 * Deletes the drafts older than 30 days and says so. With `everyKept`, each old draft that was kept
 * is named too (a listing marks them itself instead).
 */
export async function expireAndTell(store: DraftStore, ctx: CommandContext, everyKept: boolean): Promise<Expiry> {
  const expiry = await expireOldDrafts(store, ctx.now());
  const lines: string[] = [];
  const n = expiry.deleted.length;
  if (n) lines.push(`Deleted ${n} draft${n === 1 ? '' : 's'} saved more than ${DRAFT_MAX_AGE_DAYS} days ago.`);
  if (everyKept) {
    for (const { path, why } of expiry.keptOld) {
      const id = sanitize(draftId(path));
      const settle = why === 'create-sent' ? ` \`sigma-support submit --recover ${id}\` settles it; \`sigma-support drafts delete ${id}\` removes it.` : '';
      lines.push(`The draft ${id} is older than ${DRAFT_MAX_AGE_DAYS} days but was kept: ${keptBecause(why)}.${settle}`);
    }
  }
  if (lines.length) ctx.io.stderr.write(`${withGlobalFlags(lines.join('\n'), ctx.globalFlags)}\n`);
  return expiry;
}
