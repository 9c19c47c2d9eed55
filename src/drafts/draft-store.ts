/**
 * Drafts: what the user gave to a submit that failed or was interrupted, so nothing typed is lost;
 * and, written before every create, the trace of a create that may have taken effect (its
 * idempotency key and the time it was sent), so a crash during it never leads to filing twice.
 * Kept under $XDG_STATE_HOME/sigma-support/drafts/ (the platform's data folder elsewhere), mode
 * 0600, and recovered with `submit --recover <file>`.
 *
 * The draft every submit writes before its create and removes after it (newPath, save, delete) is
 * written with node:fs's synchronous calls, as is its lock (draft-lock.ts): the same system calls,
 * a few small ones each, but through Node's thread pool each was a round trip to another thread,
 * and the first started the pool's four threads, which a scripted submit needs for nothing else
 * (bench/notes.md: 8-10 ms of its wall time).
 */
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as z from '../zod.js';
import { once } from '../once.js';
import { UsageError } from '../errors.js';

/** An attachment as a draft keeps it: the absolute path, and the size and time it had then. */
const attachmentRecordSchema = () =>
  z.object({
    path: z.string(),
    size: z.optional(z.number()),
    mtimeMs: z.optional(z.number()),
  });
export type AttachmentRecord = z.infer<ReturnType<typeof attachmentRecordSchema>>;

// built on first use: a submit that files at once writes a draft, and only reading one checks it
const draftSchema = once(() =>
  z.object({
    /** 1: attachments as typed (paths only); 2: attachment records. */
    version: z.union([z.literal(1), z.literal(2)]),
    savedAt: z.string(),
    /** Why it was saved, in words: "the portal failed (HTTP 503)". */
    reason: z.string(),
    portal: z.string(),
    profile: z.string(),
    fields: z.object({
      cc: z.optional(z.array(z.string())),
      subject: z.optional(z.string()),
      description: z.optional(z.string()),
      severity: z.optional(z.string()),
      /** Records (version 2), or paths as typed (version 1: relative ones are not trusted). */
      attachments: z.optional(z.array(z.union([z.string(), attachmentRecordSchema()]))),
      /** The form's extra fields, as --field arguments (id=value). */
      extra: z.optional(z.array(z.string())),
    }),
    idempotencyKey: z.string(),
    /** When the first create was sent, if one was: a later try looks for the request created since. */
    createSentAt: z.optional(z.string()),
    /** What that create carried, as sent: the lookup of a later run looks for exactly this. */
    sentAs: z.optional(z.object({ subject: z.string(), description: z.string() })),
    /** A follow-up (`submit --follow-up`): the closed request it is linked to. */
    followUp: z.optional(z.number()),
  }),
);
export type Draft = z.infer<ReturnType<typeof draftSchema>>;

/** A draft's short name: the end of its idempotency key, as its file name ends (`draft-<time>-<id>.json`). */
export function draftId(path: string): string {
  return /-([^-]+)\.json$/.exec(basename(path))?.[1] ?? basename(path, '.json');
}

/** The email written for a draft while the portal was down (cmd/submit/email-fallback.ts): beside it, with its base name. */
export function draftEmailPath(draftPath: string): string {
  return draftPath.replace(/\.json$/, '') + '.eml';
}

export function hasAnyField(fields: Draft['fields']): boolean {
  return Object.values(fields).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== ''));
}

export class DraftStore {
  constructor(readonly dir: string) {}

  /** Where a new draft of this attempt goes. */
  async newPath(idempotencyKey: string, now: Date): Promise<string> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    return join(this.dir, `draft-${stamp}-${idempotencyKey.slice(-8)}.json`);
  }

  /**
   * Writes the draft at `path` and returns it. Written whole to a temporary file, then renamed: a
   * crash leaves the old draft or the new one, never half of one.
   */
  async save(draft: Draft, path: string): Promise<string> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(draft, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
    return path;
  }

  /** Reads the draft at `path`; `what` names where the path came from in errors (a flag, an argument). */
  async load(path: string, what = '--recover'): Promise<Draft> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new UsageError(`${what} ${path}: no such draft`, 'List the saved drafts with `sigma-support drafts list`.');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError(`${what} ${path}: is not a draft (not JSON)`);
    }
    const parsed = draftSchema().safeParse(json);
    if (!parsed.success) throw new UsageError(`${what} ${path}: is not a draft (${parsed.error.issues[0]?.path.join('.') || 'shape'}: ${parsed.error.issues[0]?.message})`);
    return parsed.data;
  }

  async list(): Promise<Array<{ path: string; draft: Draft }>> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.startsWith('draft-') && n.endsWith('.json')).sort();
    } catch {
      return [];
    }
    const drafts = await Promise.all(names.map(async (name) => ({ path: join(this.dir, name), draft: await this.load(join(this.dir, name)).catch(() => undefined) })));
    return drafts.filter((d): d is { path: string; draft: Draft } => d.draft !== undefined);
  }

  /**
   * The draft a user named: a path to a draft file, or a saved draft's id (as `drafts list` shows
   * it) or file name. Throws a UsageError naming `what` (the argument) when none or several match.
   */
  async find(ref: string, what: string): Promise<string> {
    const looksLikePath = /[\\/]/.test(ref) || (ref.endsWith('.json') && existsSync(ref));
    if (looksLikePath) {
      await this.load(ref, what);
      return ref;
    }
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const matches = names.filter((n) => n.startsWith('draft-') && n.endsWith('.json') && (n === ref || n === `${ref}.json` || draftId(n) === ref));
    if (matches.length === 1) return join(this.dir, matches[0]!);
    if (matches.length > 1) throw new UsageError(`${what} ${ref}: names ${matches.length} drafts`, 'Give the draft\'s file path instead (`sigma-support drafts list` shows them).');
    throw new UsageError(`${what} ${ref}: no such draft`, 'List the saved drafts with `sigma-support drafts list`.');
  }

  /** Removes the draft, and the email written for it if there is one: it goes with the draft. */
  async delete(path: string): Promise<void> {
    rmSync(path, { force: true });
    rmSync(draftEmailPath(path), { force: true });
  }
}
