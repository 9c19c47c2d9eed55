/**
 * Drafts: what the user gave to a submit that failed or was interrupted, so nothing typed is lost.
 * Kept under $XDG_STATE_HOME/sigma-support/drafts/ (the platform's data folder elsewhere), mode
 * 0600, and recovered with `submit --recover <file>`.
 */
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import envPaths from 'env-paths';
import * as z from '../zod.js';
import { UsageError } from '../errors.js';

const draftSchema = z.object({
  version: z.literal(1),
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
    attachments: z.optional(z.array(z.string())),
    /** The form's extra fields, as --field arguments (id=value). */
    extra: z.optional(z.array(z.string())),
  }),
  idempotencyKey: z.string(),
  /** When the first create was sent, if one was: a later try looks for the request created since. */
  createSentAt: z.optional(z.string()),
});
export type Draft = z.infer<typeof draftSchema>;

/** $XDG_STATE_HOME/sigma-support/drafts on Linux; the platform's data folder elsewhere. */
export function draftsDir(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'linux' || process.platform === 'freebsd' || process.platform === 'openbsd') {
    return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'sigma-support', 'drafts');
  }
  return join(envPaths('sigma-support', { suffix: '' }).data, 'drafts');
}

export function hasAnyField(fields: Draft['fields']): boolean {
  return Object.values(fields).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== ''));
}

export class DraftStore {
  constructor(readonly dir: string) {}

  /** Writes the draft (over `path` when recovering one) and returns where it is. */
  async save(draft: Draft, now: Date, path?: string): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    path ??= join(this.dir, `draft-${stamp}-${draft.idempotencyKey.slice(-8)}.json`);
    await writeFile(path, `${JSON.stringify(draft, null, 2)}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
    return path;
  }

  async load(path: string): Promise<Draft> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new UsageError(`--recover ${path}: no such draft`, 'List the saved drafts with `sigma-support submit --list-drafts`.');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError(`--recover ${path}: is not a draft (not JSON)`);
    }
    const parsed = draftSchema.safeParse(json);
    if (!parsed.success) throw new UsageError(`--recover ${path}: is not a draft (${parsed.error.issues[0]?.path.join('.') || 'shape'}: ${parsed.error.issues[0]?.message})`);
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

  async delete(path: string): Promise<void> {
    await rm(path, { force: true });
  }
}
