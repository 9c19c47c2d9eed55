/**
 * Attachments in drafts: kept as absolute paths with the size and modification time they had, so
 * that recovering in another folder, or after the file changed, never attaches another file
 * unnoticed.
 */
import { isAbsolute, resolve } from 'node:path';
import { statNow } from '../stat-now.js';
import type { AttachmentRecord } from './draft-store.js';

/** The record of a path as given now (relative to the current folder). */
export function recordAttachment(path: string): AttachmentRecord {
  const absolute = resolve(path);
  const info = statNow(absolute);
  return info ? { path: absolute, size: info.size, mtimeMs: info.mtimeMs } : { path: absolute };
}

export function recordAttachments(paths: readonly string[]): AttachmentRecord[] {
  return paths.map(recordAttachment);
}

export interface ChangedAttachment {
  path: string;
  /** What differs, in words: "its size was 12 bytes and is now 40 bytes". */
  change: string;
}

/**
 * The draft's attachments as paths to attach, and those that are not as the draft saw them: a
 * different size or modification time, or (older drafts) a path kept as typed, relative to a
 * folder nobody knows. A file that is gone is left to the usual check, which names it.
 */
export function checkDraftAttachments(kept: ReadonlyArray<string | AttachmentRecord>): { paths: string[]; changed: ChangedAttachment[] } {
  const paths: string[] = [];
  const changed: ChangedAttachment[] = [];
  for (const entry of kept) {
    const record = typeof entry === 'string' ? { path: entry } : entry;
    paths.push(record.path);
    if (!isAbsolute(record.path)) {
      changed.push({ path: record.path, change: 'the draft kept it as typed, relative to a folder it did not record' });
      continue;
    }
    if (record.size === undefined || record.mtimeMs === undefined) continue;
    const now = statNow(record.path);
    if (!now) continue;
    if (now.size !== record.size) changed.push({ path: record.path, change: `its size was ${record.size} bytes when the draft was saved, and is now ${now.size} bytes` });
    else if (Math.abs(now.mtimeMs - record.mtimeMs) >= 1) changed.push({ path: record.path, change: `it was modified after the draft was saved (${new Date(now.mtimeMs).toISOString()})` });
  }
  return { paths, changed };
}
