/**
 * Drafts older than 30 days are deleted when drafts are listed or a failed submit keeps one, so
 * failed scripted runs do not pile up. Two kinds are never deleted, only reported as old: a draft whose create was sent (the
 * request may exist, and `submit --recover` is what settles it) and a draft a run is using (its lock
 * is held). A draft is deleted under its lock, and read again under it first: a run that took it
 * meanwhile may have sent its create.
 */
import { CliError } from '../errors.js';
import { DraftLock } from './draft-lock.js';
import type { Draft, DraftStore } from './draft-store.js';

export const DRAFT_MAX_AGE_DAYS = 30;
const MAX_AGE_MS = DRAFT_MAX_AGE_DAYS * 24 * 60 * 60 * 1000;

export interface KeptOldDraft {
  path: string;
  why: 'create-sent' | 'in-use';
}

export interface Expiry {
  deleted: string[];
  keptOld: KeptOldDraft[];
}

/** Whether the draft was saved more than 30 days before `now` (a time that cannot be read is not old). */
export function isOld(draft: Draft, now: Date): boolean {
  const saved = Date.parse(draft.savedAt);
  return !Number.isNaN(saved) && now.getTime() - saved > MAX_AGE_MS;
}

export async function expireOldDrafts(store: DraftStore, now: Date): Promise<Expiry> {
  const result: Expiry = { deleted: [], keptOld: [] };
  for (const { path, draft } of await store.list()) {
    if (!isOld(draft, now)) continue;
    if (draft.createSentAt !== undefined) {
      result.keptOld.push({ path, why: 'create-sent' });
      continue;
    }
    let lock: DraftLock;
    try {
      lock = await DraftLock.acquire(path, now);
    } catch (error) {
      // held by a run (a UsageError); any other failure (a folder that cannot be written) leaves it be
      if (error instanceof CliError) result.keptOld.push({ path, why: 'in-use' });
      continue;
    }
    try {
      const current = await store.load(path).catch(() => undefined);
      if (current === undefined) continue; // gone meanwhile
      if (current.createSentAt !== undefined) result.keptOld.push({ path, why: 'create-sent' });
      else if (isOld(current, now)) {
        await store.delete(path);
        result.deleted.push(path);
      }
    } finally {
      await lock.release();
    }
  }
  return result;
}
