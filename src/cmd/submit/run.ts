/**
 * `sigma-support submit`: gathers the fields (form.ts), keeps the draft (draft-keeper.ts), and
 * files the request (file-request.ts). A draft is written before the create is sent and deleted
 * only once the request is confirmed.
 */
import { CliError } from '../../errors.js';
import { refuseBrowserForFollowUp } from './follow-up.js';
import { ExitCode } from '../../exit-codes.js';
import { DraftStore } from '../../drafts/draft-store.js';
import { sanitize } from '../../terminal/sanitize.js';
import { newIdempotencyKey } from '../../portal/idempotency-key.js';
import { canPrompt } from '../../terminal/iostreams.js';
import type { CommandContext } from '../context.js';
import type { SubmitFlags } from './definition.js';
import { DraftKeeper, recoverCommand, type Attempt } from './draft-keeper.js';
import { expireAndTell } from '../drafts/expiry-notes.js';
import { fileRequest, refuseBrowserAfterCreate } from './file-request.js';
import { fillFromDraft, formFromFlags } from './form.js';
import { fillFromTemplate, templateFieldFlags } from './templates.js';

/** Failures after which what the user gave is kept: the portal, the network, credentials, an interrupt, an unknown outcome. */
const KEEP_DRAFT_ON: readonly number[] = [ExitCode.failure, ExitCode.auth, ExitCode.interrupted, ExitCode.mayExist];

export async function runSubmit(flags: SubmitFlags, ctx: CommandContext): Promise<void> {
  const drafts = new DraftStore(ctx.draftsDir);
  // the same listing as `drafts list`, kept for the scripts that use it
  if (flags.listDrafts) return (await import('../drafts/run.js')).runDraftsList({ ...(flags.json ? { json: true } : {}) }, ctx);
  if (flags.listTemplates) return (await import('./templates.js')).runListTemplates(flags, ctx);
  // a bad template is refused before anything is asked, locked or sent
  const template = flags.template !== undefined ? await (await import('../../templates/template-folder.js')).loadTemplate(flags.template, ctx.configDir) : undefined;
  const interactive = canPrompt(ctx.io, flags.input === false);
  // A draft is locked for as long as this run uses it: two runs of one draft could file it twice.
  // --recover takes a draft's file, or its id as `drafts list` shows it
  const recover = flags.recover !== undefined ? await drafts.find(flags.recover, '--recover') : undefined;
  const keeper = recover !== undefined && !flags.dryRun ? await DraftKeeper.recover(drafts, ctx, recover) : DraftKeeper.fresh(drafts, ctx);
  try {
    const draft = keeper.recovered ?? (recover !== undefined ? await drafts.load(recover) : undefined);
    const form = await formFromFlags(flags, ctx, interactive, template?.skeleton);
    if (draft) {
      ctx.io.stderr.write(`Recovering the draft saved ${sanitize(draft.savedAt)} (${sanitize(draft.reason)}).\n`);
      fillFromDraft(form, draft);
    }
    // the template fills what neither the flags nor the draft gave; a draft keeps what it resolved
    // (--web sends nothing: the portal's own form is where an S0 is chosen then)
    if (template) fillFromTemplate(form, template, interactive || flags.web === true);
    const attachmentPaths = flags.attach?.length ? flags.attach : draft ? await keeper.recoveredAttachments(interactive) : [];
    // CCs from the config (or SIGMA_SUPPORT_CC) apply when neither --cc nor a draft gave any; at a
    // terminal they are the prompt's default.
    const defaultCc = ctx.settings.get('cc') ?? [];
    if (!interactive && form.cc === undefined && defaultCc.length) form.cc = defaultCc;
    // A draft goes back to the portal it was made for (its idempotency key means nothing elsewhere),
    // unless --portal or --sandbox says otherwise.
    const portalFlag = flags.portal ?? (draft?.portal && !flags.sandbox ? draft.portal : undefined);
    // later wins: the draft's fields, then --field (and a template's come before both: form-hook.ts)
    const fieldFlags = [...(draft?.fields.extra ?? []), ...(flags.field ?? [])];
    const attempt: Attempt = {
      idempotencyKey: draft?.idempotencyKey ?? newIdempotencyKey(),
      createSentAt: draft?.createSentAt ? new Date(draft.createSentAt) : undefined,
      sentAs: draft?.sentAs,
      portal: draft?.portal,
      fieldFlags: [...templateFieldFlags(template), ...fieldFlags],
      followUp: flags.followUp ?? draft?.followUp,
    };
    if (flags.web) {
      refuseBrowserForFollowUp(attempt.followUp);
      refuseBrowserAfterCreate(attempt);
      const { openWebForm } = await import('./web-form.js');
      return await openWebForm(ctx, portalFlag, form, attachmentPaths, { timeoutSeconds: flags.timeout, wantedForm: flags.form, fieldFlags, template });
    }
    let filed: 'filed' | 'browser';
    try {
      filed = await fileRequest({ ...flags, portal: portalFlag, field: fieldFlags, followUp: attempt.followUp }, ctx, form, attachmentPaths, attempt, interactive, keeper, template);
    } catch (error) {
      const code = error instanceof CliError ? error.exitCode : ExitCode.failure;
      // A draft written before the create is kept whatever the failure: the request may exist. At a
      // terminal, a refusal after the prompts (exit 2) keeps what was typed too, and so does one after
      // a description read from standard input (--description-file -), of which no other copy is left.
      const typed = interactive || flags.descriptionFile === '-';
      if (!flags.dryRun && (KEEP_DRAFT_ON.includes(code) || attempt.createSentAt !== undefined || (typed && code === ExitCode.usage))) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        try {
          const path = await keeper.keep(form, attachmentPaths, reason, attempt);
          if (path) {
            const how = code === ExitCode.mayExist ? 'To find out, and file it only if it is not there' : 'To try again';
            ctx.io.stderr.write(`What you gave is saved in a draft. ${how}:\n  ${await recoverCommand(ctx, path, flags.sandbox === true)}\n`);
            // the portal down: the email way, beside the draft (email-fallback.ts)
            await import('./email-fallback.js').then(({ offerEmail }) => offerEmail(ctx, flags, interactive, { error, draftPath: path, form, attachmentPaths, attempt })).catch(() => undefined);
            await expireAndTell(drafts, ctx, true).catch(() => undefined);
          }
        } catch (keeping) {
          // the error that ended the run, and its exit code (5: may exist), come first
          ctx.io.stderr.write(`warning: the draft could not be saved: ${sanitize(keeping instanceof Error ? keeping.message : String(keeping))}\n`);
        }
      }
      throw error;
    }
    if (!flags.dryRun && filed === 'filed' && keeper.path !== undefined) {
      await keeper.discard();
      if (recover !== undefined) ctx.io.stderr.write(`The draft ${sanitize(recover)} was used and removed.\n`);
    }
  } finally {
    await keeper.release();
  }
}
