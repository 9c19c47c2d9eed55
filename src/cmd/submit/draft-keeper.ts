/**
 * Keeping the draft of one submit: the draft being recovered (locked while this run uses it), or
 * the one this run writes before its create and on failure. Deleted only once the request is
 * confirmed.
 */
import { checkDraftAttachments, recordAttachments } from '../../drafts/draft-attachments.js';
import { DraftLock } from '../../drafts/draft-lock.js';
import { DraftStore, hasAnyField, type Draft } from '../../drafts/draft-store.js';
import { CancelledError, UsageError } from '../../errors.js';
import { sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';
import type { FormState } from './ask.js';
import { fieldsAsFlags, type ExtraFields } from './form-hook.js';

/** What one try of a submit is, across runs: its key, and when a create was first sent. */
export interface Attempt {
  idempotencyKey: string;
  createSentAt: Date | undefined;
  portal: string | undefined;
  /** The subject and description the first create carried, as sent (after the S0 category line). */
  sentAs?: { subject: string; description: string } | undefined;
  /** --field arguments given (and from the draft), kept until the form is loaded. */
  fieldFlags: string[];
  /** The form and its extra fields, once loaded (form-hook.ts). */
  extra?: ExtraFields;
  /** The account's email address, once the session is open (the From: of an email: email-fallback.ts). */
  account?: string | undefined;
  /** A follow-up: the closed request it is linked to (follow-up.ts). */
  followUp?: number | undefined;
}

/**
 * The command that recovers the draft at `path`, as a hint prints it: with the global flags given
 * (--profile, --no-color) and, for a run against a sandbox, --sandbox (without it the recovered run
 * would go to the sandbox's old address, with no credentials for it).
 */
export async function recoverCommand(ctx: CommandContext, path: string, sandbox: boolean): Promise<string> {
  const { quoteShellWords } = await import('../../vendor/shell.js');
  return `sigma-support ${quoteShellWords([...ctx.globalFlags, 'submit', '--recover', sanitize(path), ...(sandbox ? ['--sandbox'] : [])])}`;
}

export class DraftKeeper {
  private lock: DraftLock | undefined;

  private constructor(
    private readonly store: DraftStore,
    private readonly ctx: CommandContext,
    /** Where the draft is on disk, once there is one. */
    public path: string | undefined,
    readonly recovered: Draft | undefined,
  ) {}

  static fresh(store: DraftStore, ctx: CommandContext): DraftKeeper {
    return new DraftKeeper(store, ctx, undefined, undefined);
  }

  /** Locks the draft at `path` for this run (refusing if another run holds it), then reads it. */
  static async recover(store: DraftStore, ctx: CommandContext, path: string): Promise<DraftKeeper> {
    await store.load(path); // "no such draft" before any lock file is made next to it
    const lock = await DraftLock.acquire(path, ctx.now());
    try {
      // read again under the lock: another run may have used it meanwhile
      const keeper = new DraftKeeper(store, ctx, path, await store.load(path));
      keeper.lock = lock;
      return keeper;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /**
   * The recovered draft's attachments, to attach. A file that is not as the draft saw it is asked
   * about at a terminal and refused elsewhere (exit 2), naming it.
   */
  async recoveredAttachments(interactive: boolean): Promise<string[]> {
    const { paths, changed } = checkDraftAttachments(this.recovered?.fields.attachments ?? []);
    for (const { path, change } of changed) {
      const what = `the attachment ${sanitize(path)} may not be the file the draft meant: ${change}`;
      if (!interactive) {
        throw new UsageError(`--recover: ${what}. Nothing was sent.`, `Check the file. To attach it as it is now, give the attachments again with --attach (they replace the draft's).`);
      }
      const attach = await this.ctx.prompter().confirm({ message: `${what[0]!.toUpperCase()}${what.slice(1)}. Attach it as it is now?`, default: false });
      if (!attach) throw new CancelledError('Cancelled. Nothing was sent; the draft is kept.');
    }
    return paths;
  }

  /** Writes what was given so far (never a confirmation) and returns where, or undefined when nothing was given. */
  async keep(form: FormState, attachmentPaths: readonly string[], reason: string, attempt: Attempt): Promise<string | undefined> {
    const paths = form.attachments ? form.attachments.map((a) => a.path) : attachmentPaths;
    const fields: Draft['fields'] = {
      ...(form.cc !== undefined ? { cc: form.cc } : {}),
      ...(form.subject !== undefined ? { subject: form.subject } : {}),
      ...(form.description !== undefined ? { description: form.description } : {}),
      ...(form.severity !== undefined ? { severity: form.severity } : {}),
      attachments: recordAttachments(paths),
    };
    // the extra fields as answered so far, or as given with --field before the form loaded
    const extra = attempt.extra ? fieldsAsFlags(attempt.extra.values) : attempt.fieldFlags;
    if (extra.length) fields.extra = extra;
    if (!hasAnyField(fields) && this.path === undefined) return undefined;
    const draft: Draft = {
      version: 2,
      savedAt: this.ctx.now().toISOString(),
      reason,
      portal: attempt.portal ?? '',
      profile: this.ctx.profile,
      fields,
      idempotencyKey: attempt.idempotencyKey,
      ...(attempt.createSentAt ? { createSentAt: attempt.createSentAt.toISOString() } : {}),
      ...(attempt.sentAs ? { sentAs: attempt.sentAs } : {}),
      ...(attempt.followUp !== undefined ? { followUp: attempt.followUp } : {}),
    };
    if (this.path === undefined) {
      const path = await this.store.newPath(attempt.idempotencyKey, this.ctx.now());
      this.lock = await DraftLock.acquire(path, this.ctx.now());
      this.path = path;
    }
    return this.store.save(draft, this.path);
  }

  /** The request is confirmed: the draft has done its work. */
  async discard(): Promise<void> {
    if (this.path !== undefined) await this.store.delete(this.path);
    await this.release();
  }

  async release(): Promise<void> {
    await this.lock?.release();
    this.lock = undefined;
  }
}
