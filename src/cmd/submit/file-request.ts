/**
 * Filing and printing for `submit`: checks the fields, opens the session, asks what is missing at a
 * terminal, then runs the core path (upload, create) with its progress, and prints the result.
 * A Ctrl-C before the create stops everything (nothing is created); during the create it only
 * stops the waiting, after a grace period or a second Ctrl-C, with the outcome unknown (exit 5).
 */
import { describeCredentials } from '../../auth/credentials.js';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../../core/attachments.js';
import { LEVEL_INFO } from '../../severity/levels.js';
import { rediscoverSeverity, severityMapping } from '../../severity/lookup.js';
import { buildCreateBody, submitRequest } from '../../core/submit-request.js';
import { DEFAULT_UPLOAD_CONCURRENCY } from '../../core/uploads.js';
import { SEVERITY_PROBLEM, validateAttachments, validateRequest, type ValidRequest } from '../../core/validate-request.js';
import { InterruptedError, UsageError } from '../../errors.js';
import { isLoopbackHost, requestPageUrl } from '../../portal/portal-url.js';
import { terminalWidth } from '../../terminal/iostreams.js';
import { retryLines } from '../../terminal/retry-lines.js';
import { styleFor } from '../../terminal/style.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import { startUploadProgress, type UploadProgress } from '../../terminal/upload-progress.js';
import type { CommandContext } from '../context.js';
import { limits, openSession } from '../session.js';
import type { Asker, FormState } from './ask.js';
import type { SubmitFlags } from './definition.js';
import type { Attempt, DraftKeeper } from './draft-keeper.js';
import type { Template } from '../../templates/template-file.js';
import { editorName, missingFlags, severityOverride } from './form.js';
import { recordedDifferences } from '../../core/recorded-check.js';
import { dryRunPlan, outcomeOf, renderDryRun, renderOutcome, renderReview } from './render.js';
import { statusGate } from './status-check.js';
import { SubmitSafety } from './safety.js';
import { checkS0CategoryFlag, s0Category } from './s0-category.js';
import { sharingFormLists } from '../../portal/shared-lists.js';
import { sessionOrWayOn } from './no-credentials.js';
import { preparedEmail, preparedEmailNote } from './prepared-email.js';
import { followUpLine, readFollowUpSource, refuseBrowserForFollowUp, subjectFor } from './follow-up.js';
import { askFormFields, checkFormFields, formFieldsEditor, fieldRows, loadFormFields, withFormFields } from './form-hook.js';

/** How long a Ctrl-C during the create waits for the portal's answer before giving up on it. */
export const CREATE_GRACE_MS = 5_000;

export async function fileRequest(flags: SubmitFlags, ctx: CommandContext, form: FormState, attachmentPaths: readonly string[], attempt: Attempt, interactive: boolean, keeper: DraftKeeper, template?: Template): Promise<'filed' | 'browser'> {
  const style = styleFor(ctx.io);
  const attachmentLimits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS;
  if (!interactive) {
    // a follow-up's subject is the closed request's unless --subject is given (follow-up.ts)
    const missing = missingFlags(form, flags.severity).filter((m) => !(m === '--subject' && flags.followUp !== undefined));
    const badSeverity = form.severity === undefined && flags.severity !== undefined ? [`--severity: "${flags.severity}" is not a severity: ${SEVERITY_PROBLEM}`] : [];
    if (missing.length) {
      throw new UsageError([`missing ${missing.join(', ')}`, ...badSeverity].join('\n'), 'Without a terminal (or with --no-input) every required field must be given as a flag. See `sigma-support submit --help`.');
    }
  }
  // Everything given so far is checked before any prompt or network call.
  let valid: ValidRequest | undefined;
  if (!interactive) {
    // an S0 without --confirm-s0 is refused here, with every other problem (validate-request.ts)
    // (a follow-up without --subject: checked with a stand-in here, then with the closed request's once read)
    valid = await validateRequest({ cc: form.cc ?? [], subject: form.subject ?? 'follow-up', description: form.description!, severity: form.severity ?? { notALevel: flags.severity! }, s0Confirmed: form.s0Confirmed, attachments: attachmentPaths }, attachmentLimits);
  } else if (attachmentPaths.length) {
    form.attachments = await validateAttachments(attachmentPaths, attachmentLimits);
  }

  let progress: UploadProgress | undefined;
  const notify = (line: string) => (progress ? progress.note(line) : ctx.io.stderr.write(`${line}\n`));
  // one line per wait, however many calls in flight are waiting it out (see retry-lines.ts)
  const retryLine = retryLines((n) => notify(style.yellow(`${n.reason}: retrying in ${Math.max(1, Math.round(n.waitMs / 1000))} s (try ${n.attempt} of ${n.attempts})`)));
  const open = () => openSession(ctx, { portalFlag: flags.portal, sandbox: flags.sandbox, timeoutSeconds: flags.timeout, retries: flags.retries, onRetry: retryLine });
  // no credentials at a terminal: log in now, or the pre-filled form in the browser (no-credentials.ts)
  const toBrowser = async () => {
    refuseBrowserAfterCreate(attempt);
    await (await import('./web-form.js')).openWebForm(ctx, flags.portal, form, attachmentPaths, { timeoutSeconds: flags.timeout, wantedForm: flags.form, fieldFlags: flags.field ?? [], template });
    refuseBrowserForFollowUp(flags.followUp);
    await (await import('./web-form.js')).openWebForm(ctx, flags.portal, form, attachmentPaths, { timeoutSeconds: flags.timeout, wantedForm: flags.form, fieldFlags: flags.field ?? [] });
  };
  const target = await sessionOrWayOn(ctx, interactive, flags.portal, open, toBrowser);
  if (!target) return 'browser';
  attempt.portal = target.portal.origin;
  attempt.account = target.credentials.credentials.email;
  // the Severity lookup and the form share one read of the fields and forms; a re-discovery reads afresh
  const api = sharingFormLists(target.api);
  // Sigma's status page, before S0 and S1 (status-check.ts): read while the credentials are checked.
  const status = statusGate(ctx, target.portal, style);
  if (form.severity) status.start(form.severity);
  // HAR files scrubbed and secrets named before anything is sent (safety.ts); copies removed at the end.
  const safety = new SubmitSafety(Array.isArray(flags.scrub) ? flags.scrub : [], style, ctx.signal);
  // Sigma's S0 category, recorded at the top of the description (s0-category.ts).
  const s0 = s0Category(flags.s0Category, ctx.io, style, ctx.prompter);
  const giveUp = new AbortController();
  let hold: ReturnType<NonNullable<CommandContext['holdSecondInterrupt']>> | undefined;
  let createSent = false;
  /** What is under way whose outcome a Ctrl-C must not cut short: a create, or the lookup of an earlier one. */
  let pending: 'create' | 'lookup' | undefined;
  const holdUntilSettled = (what: 'create' | 'lookup') => {
    pending = what;
    if (hold) return;
    hold = ctx.holdSecondInterrupt?.();
    hold?.signal.addEventListener('abort', () => giveUp.abort(), { once: true });
  };
  const onInterrupt = () => {
    if (!pending) return; // before the create, the core stops: nothing is created
    const what = pending === 'create' ? 'The request is being created and may already exist' : 'An earlier try may have created the request, and the CLI is looking for it';
    notify(style.yellow(`${what}: waiting up to ${CREATE_GRACE_MS / 1000} s for the portal's answer. Press Ctrl-C again to stop waiting (the draft is kept).`));
    setTimeout(() => giveUp.abort(), CREATE_GRACE_MS).unref();
  };
  ctx.signal.addEventListener('abort', onInterrupt, { once: true });
  try {
    // The credentials are checked (a refusal must come before any write, and before the user
    // types a whole request) while the Severity field is discovered.
    const mapping = severityMapping(api, ctx, severityOverride(ctx));
    mapping.catch(() => {});
    // The form's fields and forms are read meanwhile too (reads only; loadFormFields below gets
    // these same calls through sharingFormLists, and uses them only once the credentials passed):
    // one round trip before the create instead of two when the Severity field is cached.
    Promise.all([api.ticketFields(), api.ticketForms()]).catch(() => {});
    await api.checkCredentials();
    // a follow-up's source must exist and be closed; its subject is offered (follow-up.ts)
    const followUp = flags.followUp !== undefined ? await readFollowUpSource(api, flags.followUp) : undefined;
    if (followUp && !interactive && form.subject === undefined) valid = { ...valid!, subject: (form.subject = subjectFor(followUp)) };
    // The form and --field are checked before anything is asked or sent (exit 2).
    const extra = (attempt.extra = await loadFormFields(api, { wanted: flags.form, fieldFlags: flags.field ?? [], severityOverrideId: severityOverride(ctx)?.fieldId, prompter: interactive ? ctx.prompter() : undefined, template }));
    if (interactive) {
      // The prompts (and the text measuring they use) load only for a person at a terminal.
      const { askMissing, review } = await import('./ask.js');
      const quick = flags.yes === true && form.subject !== undefined && form.description !== undefined && form.severity !== undefined;
      const asker: Asker = { prompter: ctx.prompter(), io: ctx.io, limits: attachmentLimits, editorName: editorName(ctx.env), style, defaultCc: ctx.settings.get('cc') ?? [], beforeSevere: (level) => status.askAtTerminal(level), s0, subjectDefault: followUp?.subject, afterSeverity: () => askFormFields(asker.prompter, extra, quick), skeleton: template?.skeleton, subjectPrefix: template?.subjectPrefix };
      asker.editExtra = formFieldsEditor(asker.prompter, extra);
      const current = () => ({ cc: form.cc ?? [], subject: form.subject!, description: form.description!, severity: form.severity!, s0Confirmed: form.s0Confirmed, attachments: (form.attachments ?? []).map((a) => a.path) });
      // --yes with every required field given asks no optional field (CC, attachments, the form's), as gh does
      if (quick) {
        form.cc ??= asker.defaultCc;
        form.attachments ??= [];
      }
      const givenSeverity = form.severity;
      await askMissing(asker, form);
      await status.askAtTerminal(form.severity!);
      valid = await validateRequest(current(), attachmentLimits);
      await safety.prepare(valid.attachments);
      // a severity given by flag and changed at the S0 guard is shown for review, even with --yes
      if (!flags.yes || (givenSeverity !== undefined && form.severity !== givenSeverity)) {
        await review(asker, form, () =>
          [
            renderReview(
              { portal: target.portal, account: describeCredentials(target.credentials), cc: form.cc ?? [], subject: form.subject!, description: form.description!, severity: form.severity!, attachments: form.attachments ?? [], extra: fieldRows(extra) },
              style,
              terminalWidth(ctx.io),
            ),
            ...(followUp ? [followUpLine(followUp)] : []),
            ...s0.reviewLines(form.severity),
            ...safety.reviewLines(form.description!, form.attachments ?? []),
          ].join('\n'),
        );
        valid = await validateRequest(current(), attachmentLimits);
      }
    }
    if (!interactive) await status.noteForScript(valid!.severity.level);
    checkS0CategoryFlag(flags.s0Category, valid!.severity.level);
    checkFormFields(extra);
    const { request, files } = await safety.sendable(withFormFields(s0.apply(followUp ? { ...valid!, followUpOf: followUp.id } : valid!), extra));
    const safe = safety.reviewLines(request.description, valid!.attachments);
    const severity = await mapping;
    const extras = () => ({ ...status.json(), ...s0.json(request), ...safety.json(request.description, files), ...(followUp ? { follow_up_of: followUp.id } : {}) });

    if (flags.dryRun) {
      const plan = dryRunPlan(target.portal, request, severity, fieldRows(extra), buildCreateBody(request, severity, request.attachments.map((a) => `<upload token for ${a.name}>`)));
      plan.uploads = plan.uploads.map((u, i) => ({ ...u, path: valid!.attachments[i]!.realPath })); // the file given, not its scrubbed copy
      ctx.io.stdout.write(flags.json ? `${safeJson({ ...plan, ...extras() })}\n` : `${[renderDryRun(plan), ...safe].join('\n')}\n`);
      return 'filed';
    }
    if ((!interactive || flags.yes) && safe.length) ctx.io.stderr.write(`${safe.join('\n')}\n`);

    progress = await startUploadProgress(ctx.io, request.attachments);
    let result;
    try {
      result = await submitRequest(api, request, severity, {
        idempotencyKey: attempt.idempotencyKey,
        concurrency: ctx.settings.get('upload-concurrency') ?? DEFAULT_UPLOAD_CONCURRENCY,
        now: ctx.now,
        retries: limits(ctx, { retries: flags.retries }).retries,
        onRetry: (notice) => {
          // a 429 (or an unopened connection): that create was not made, so until the next one
          // leaves, a Ctrl-C stops everything
          if (pending === 'create') pending = undefined;
          retryLine(notice);
        },
        createSentBefore: attempt.createSentAt,
        createSentAs: attempt.sentAs,
        // a Severity field set in the config is the user's to fix; a discovered one may be stale
        rediscoverSeverity: severityOverride(ctx) ? undefined : () => rediscoverSeverity(target.api, ctx),
        // The draft, with the key and the time, is on disk before the create leaves: whatever
        // happens to this process, a later run looks the request up before sending anything.
        beforeCreate: async (at) => {
          attempt.createSentAt ??= at;
          // what the create carries, as sent: a later run looks for exactly this
          attempt.sentAs ??= { subject: request.subject, description: request.description };
          await keeper.keep(form, attachmentPaths, `a create was sent at ${attempt.createSentAt.toISOString()} and its answer was not seen`, attempt);
        },
        onCreateSent: () => {
          createSent = true;
          holdUntilSettled('create');
        },
        onProgress: (a, sent) => progress?.update(a, sent),
        onUploaded: (a) => progress?.uploaded(a),
        onStage: (stage) => {
          if (stage === 'checking' && !createSent) holdUntilSettled('lookup');
          else if (pending === 'lookup') {
            // the earlier try is settled (not there): until the create leaves, a Ctrl-C stops everything
            pending = undefined;
            hold?.release();
            hold = undefined;
          }
          progress?.stage(stage === 'creating' ? 'Creating the request' : stage === 'checking' ? 'Looking for the request among your latest ones (an earlier try got no clear answer)' : 'Uploading');
        },
        signal: ctx.signal,
        giveUp: giveUp.signal,
      });
    } catch (error) {
      if (error instanceof InterruptedError && !pending) throw new InterruptedError(`${error.message} No request was created${request.attachments.length ? '; the files uploaded so far were deleted' : ''}.`);
      throw error;
    } finally {
      progress.stop();
      progress = undefined;
    }
    const outcome = outcomeOf(result.request, request, requestPageUrl(target.portal, result.request.id, target.locale));
    const account = target.credentials.credentials.email;
    if (result.foundAfterNoAnswer) ctx.io.stderr.write('The portal did not answer the create, but the request is there: it was filed once.\n');
    else if (ctx.signal.aborted) ctx.io.stderr.write('The portal answered before the wait ended: the request was created.\n');
    // What the portal accepted but did not record (core/recorded-check.ts): on stderr, and in --json.
    const recorded = recordedDifferences(result.sent, result.request);
    const warnings = recorded.warnings.map((w) => sanitize(w));
    for (const w of warnings) ctx.io.stderr.write(`${style.yellow('Warning:')} ${w}\n`);
    // an email written for this draft while the portal was down: Support may get both (email-fallback.ts)
    const email = await preparedEmail(keeper.path);
    const emailNote = email ? preparedEmailNote(email, result.request.id) : undefined;
    ctx.io.stdout.write(flags.json ? `${safeJson({ ...outcome, warnings, ...extras(), ...(emailNote ? { email_prepared: emailNote.json } : {}) })}\n` : `${renderOutcome(outcome, account, target.sandboxDir !== undefined || isLoopbackHost(target.portal.hostname))}\n${followUp ? `It follows up on request #${followUp.id}.\n` : ''}`);
    for (const line of emailNote?.lines ?? []) ctx.io.stderr.write(`${style.yellow(line)}\n`);
    if (LEVEL_INFO[request.severity.level].pagesOnCall && !recorded.severityLost && !isLoopbackHost(target.portal.hostname)) {
      ctx.io.stderr.write(`${style.red("This S0 request alerts Sigma's on-call Support engineers now.")}\n`);
    }
    return 'filed';
  } finally {
    await safety.cleanup();
    ctx.signal.removeEventListener('abort', onInterrupt);
    hold?.release();
    await target.close();
  }
}

/** A draft whose create was sent may already be a request: the browser form would file it again. */
export function refuseBrowserAfterCreate(attempt: Attempt): void {
  if (attempt.createSentAt === undefined) return;
  throw new UsageError(
    'an earlier try of this draft sent its create, so the request may already exist: the browser form could file it a second time',
    'Run `sigma-support submit --recover <draft>` with credentials first: it looks for the request, and files it only if it is not there.',
  );
}
