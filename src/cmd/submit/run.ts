/**
 * `sigma-support submit`: gathers the fields (flags, then prompts on a terminal), validates them,
 * discovers the portal's Severity field, guards S0, then runs the core path (upload, create) and
 * prints the result.
 */
import { describeCredentials } from '../../auth/credentials.js';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../../core/attachments.js';
import { LEVEL_INFO, parseLevel } from '../../core/severity.js';
import { rediscoverSeverity, severityMapping } from '../../portal/severity-lookup.js';
import { buildCreateBody, submitRequest } from '../../core/submit-request.js';
import { DEFAULT_UPLOAD_CONCURRENCY } from '../../core/uploads.js';
import { SEVERITY_PROBLEM, validateAttachments, validateRequest, type ValidRequest } from '../../core/validate-request.js';
import { CliError, UsageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { DraftStore, draftsDir, hasAnyField, type Draft } from '../../drafts/draft-store.js';
import { sanitize } from '../../terminal/sanitize.js';
import { newIdempotencyKey } from '../../portal/portal-api.js';
import { isLoopbackHost, requestPageUrl } from '../../portal/portal-url.js';
import { canPrompt, terminalWidth } from '../../terminal/iostreams.js';
import { readTextArgument } from '../../terminal/read-text.js';
import { styleFor } from '../../terminal/style.js';
import { startUploadProgress, type UploadProgress } from '../../terminal/upload-progress.js';
import type { CommandContext } from '../context.js';
import { openSession } from '../session.js';
import type { Asker, FormState } from './ask.js';
import type { SubmitFlags } from './definition.js';
import { dryRunPlan, outcomeOf, renderDryRun, renderOutcome, renderReview } from './render.js';
import { recordedDifferences } from '../../core/recorded-check.js';
import { sharingFormLists } from '../../portal/shared-lists.js';
import { sessionOrWayOn } from './no-credentials.js';
import { askFormFields, checkFormFields, formFieldsEditor, fieldRows, fieldsAsFlags, loadFormFields, withFormFields, type ExtraFields } from './form-hook.js';

function editorName(env: NodeJS.ProcessEnv): string {
  return env.VISUAL || env.EDITOR || (process.platform === 'win32' ? 'notepad' : 'vi');
}

/** The fields as given by flags, checked for what flags alone can get wrong. */
async function formFromFlags(flags: SubmitFlags, ctx: CommandContext, interactive: boolean): Promise<FormState> {
  const sources = [flags.description !== undefined, flags.descriptionFile !== undefined, flags.editor === true].filter(Boolean).length;
  if (sources > 1) throw new UsageError('give the description only one way: --description, --description-file or --editor');
  let description: string | undefined = flags.description;
  if (flags.descriptionFile !== undefined) description = await readTextArgument('--description-file', flags.descriptionFile, ctx.io.stdin);
  if (flags.editor) {
    if (!interactive) throw new UsageError('--editor needs a terminal', 'Use --description or --description-file in scripts.');
    description = await ctx.prompter().editor({ message: 'Description', initial: '' });
  }
  let severity = undefined;
  if (flags.severity !== undefined) {
    severity = parseLevel(flags.severity);
    if (!severity) throw new UsageError(`--severity: "${flags.severity}" is not a severity: ${SEVERITY_PROBLEM}`);
  }
  return {
    cc: flags.cc?.length ? flags.cc : undefined,
    subject: flags.subject,
    description,
    severity,
    attachments: undefined,
    s0Confirmed: flags.confirmS0 === true,
  };
}

function missingFlags(form: FormState): string[] {
  const missing: string[] = [];
  if (form.subject === undefined) missing.push('--subject');
  if (form.description === undefined) missing.push('--description (or --description-file, or --editor on a terminal)');
  if (form.severity === undefined) missing.push('--severity');
  return missing;
}

function refuseUnconfirmedS0(): never {
  throw new UsageError(
    'S0 (critical) pages the on-call Sigma Support engineers immediately, and was not confirmed',
    'Add --confirm-s0 if the issue meets the S0 criteria (Sigma inaccessible for major components); otherwise choose S1, S2 or S3.',
  );
}

/** The config's Severity field and tags, for portals where discovery does not work. */
function severityOverride(ctx: CommandContext): { fieldId: number; tags: Record<'S0' | 'S1' | 'S2' | 'S3', string> } | undefined {
  const fieldId = ctx.settings.get('severity-field-id');
  const tags = ctx.settings.get('severity-tags');
  return fieldId !== undefined && tags !== undefined ? { fieldId, tags } : undefined;
}

/** Fills what the flags did not give from a recovered draft. The S0 confirmation is never carried over. */
function fillFromDraft(form: FormState, draft: Draft, attachmentPaths: string[]): string[] {
  const f = draft.fields;
  form.cc ??= f.cc;
  form.subject ??= f.subject;
  form.description ??= f.description;
  if (form.severity === undefined && f.severity !== undefined) form.severity = parseLevel(f.severity);
  return attachmentPaths.length > 0 ? attachmentPaths : (f.attachments ?? []);
}

/** What a draft keeps of the form: everything given so far, never a confirmation. */
function draftFields(form: FormState, attachmentPaths: readonly string[]): Draft['fields'] {
  return {
    ...(form.cc !== undefined ? { cc: form.cc } : {}),
    ...(form.subject !== undefined ? { subject: form.subject } : {}),
    ...(form.description !== undefined ? { description: form.description } : {}),
    ...(form.severity !== undefined ? { severity: form.severity } : {}),
    attachments: form.attachments ? form.attachments.map((a) => a.path) : [...attachmentPaths],
  };
}

/** Failures after which what the user gave is kept: the portal, the network, credentials, an interrupt. */
const KEEP_DRAFT_ON: readonly number[] = [ExitCode.failure, ExitCode.auth, ExitCode.interrupted];

export async function runSubmit(flags: SubmitFlags, ctx: CommandContext): Promise<void> {
  const drafts = new DraftStore(draftsDir(ctx.env));
  if (flags.listDrafts) return listDrafts(drafts, flags, ctx);
  const draft = flags.recover !== undefined ? await drafts.load(flags.recover) : undefined;
  const interactive = canPrompt(ctx.io, flags.input === false);
  const form = await formFromFlags(flags, ctx, interactive);
  const attachmentPaths = draft ? fillFromDraft(form, draft, flags.attach ?? []) : (flags.attach ?? []);
  // CCs from the config (or SIGMA_SUPPORT_CC) apply when neither --cc nor a draft gave any; at a
  // terminal they are the prompt's default.
  const defaultCc = ctx.settings.get('cc') ?? [];
  if (!interactive && form.cc === undefined && defaultCc.length) form.cc = defaultCc;
  // A draft goes back to the portal it was made for (its idempotency key means nothing elsewhere),
  // unless --portal or --sandbox says otherwise.
  const portalFlag = flags.portal ?? (draft?.portal && !flags.sandbox ? draft.portal : undefined);
  const fieldFlags = [...(draft?.fields.extra ?? []), ...(flags.field ?? [])];
  const attempt: Attempt = {
    idempotencyKey: draft?.idempotencyKey ?? newIdempotencyKey(),
    createSentAt: draft?.createSentAt ? new Date(draft.createSentAt) : undefined,
    portal: draft?.portal,
  };
  if (draft) ctx.io.stderr.write(`Recovering the draft saved ${draft.savedAt} (${draft.reason}).\n`);
  if (flags.web) {
    const { openWebForm } = await import('./web-form.js');
    return openWebForm(ctx, portalFlag, form, attachmentPaths, { timeoutSeconds: flags.timeout, wantedForm: flags.form, fieldFlags });
  }
  try {
    await fileRequest({ ...flags, portal: portalFlag, field: fieldFlags }, ctx, form, attachmentPaths, attempt, interactive);
  } catch (error) {
    const code = error instanceof CliError ? error.exitCode : ExitCode.failure;
    const fields = { ...draftFields(form, attachmentPaths), ...extraForDraft(attempt, fieldFlags) };
    if (!flags.dryRun && KEEP_DRAFT_ON.includes(code) && hasAnyField(fields)) {
      const saved: Draft = {
        version: 1,
        savedAt: ctx.now().toISOString(),
        reason: error instanceof Error ? error.message.split('\n')[0]! : String(error),
        portal: attempt.portal ?? '',
        profile: ctx.profile,
        fields,
        idempotencyKey: attempt.idempotencyKey,
        ...(attempt.createSentAt ? { createSentAt: attempt.createSentAt.toISOString() } : {}),
      };
      const path = await drafts.save(saved, ctx.now(), flags.recover);
      ctx.io.stderr.write(`What you gave is saved in a draft. To try again:\n  sigma-support submit --recover ${path}\n`);
    }
    throw error;
  }
  if (flags.recover !== undefined && !flags.dryRun) {
    await drafts.delete(flags.recover);
    ctx.io.stderr.write(`The draft ${flags.recover} was used and removed.\n`);
  }
}

interface Attempt {
  idempotencyKey: string;
  /** When a create was first sent for these fields (by this run or the one that saved the draft). */
  createSentAt: Date | undefined;
  portal: string | undefined;
  /** The form and its extra fields, once loaded (form-hook.ts). */
  extra?: ExtraFields;
}

/** The extra fields for a draft: as answered so far, or as given with --field before the form loaded. */
function extraForDraft(attempt: Attempt, fieldFlags: string[]): Pick<Draft['fields'], 'extra'> {
  const extra = attempt.extra ? fieldsAsFlags(attempt.extra.values) : fieldFlags;
  return extra.length ? { extra } : {};
}

async function listDrafts(drafts: DraftStore, flags: SubmitFlags, ctx: CommandContext): Promise<void> {
  const list = await drafts.list();
  if (flags.json) {
    ctx.io.stdout.write(`${JSON.stringify(list.map(({ path, draft }) => ({ path, savedAt: draft.savedAt, reason: draft.reason, portal: draft.portal, subject: draft.fields.subject ?? null, severity: draft.fields.severity ?? null })))}\n`);
    return;
  }
  if (list.length === 0) {
    ctx.io.stderr.write(`No saved drafts (they are kept in ${drafts.dir}).\n`);
    return;
  }
  for (const { path, draft } of list) {
    ctx.io.stdout.write(`${path}\n  saved ${draft.savedAt}: ${sanitize(draft.reason)}\n  ${draft.fields.severity ?? '--'}  ${sanitize(draft.fields.subject ?? '(no subject yet)')}\n`);
  }
  ctx.io.stderr.write('Recover one with: sigma-support submit --recover <file>\n');
}

async function fileRequest(flags: SubmitFlags, ctx: CommandContext, form: FormState, attachmentPaths: readonly string[], attempt: Attempt, interactive: boolean): Promise<void> {
  const style = styleFor(ctx.io);
  const limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS;
  if (!interactive) {
    const missing = missingFlags(form);
    if (missing.length) {
      throw new UsageError(`missing ${missing.join(', ')}`, 'Without a terminal (or with --no-input) every required field must be given as a flag. See `sigma-support submit --help`.');
    }
  }
  // Everything given so far is checked before any prompt or network call.
  let valid: ValidRequest | undefined;
  if (!interactive) {
    valid = await validateRequest({ cc: form.cc ?? [], subject: form.subject!, description: form.description!, severity: form.severity!, attachments: attachmentPaths }, limits);
    if (valid.severity === 'S0' && !form.s0Confirmed) refuseUnconfirmedS0();
  } else if (attachmentPaths.length) {
    form.attachments = await validateAttachments(attachmentPaths, limits);
  }

  let progress: UploadProgress | undefined;
  const notify = (line: string) => (progress ? progress.note(line) : ctx.io.stderr.write(`${line}\n`));
  const open = () => openSession(ctx, {
    portalFlag: flags.portal,
    sandbox: flags.sandbox,
    timeoutSeconds: flags.timeout,
    retries: flags.retries,
    onRetry: (n) => notify(style.yellow(`${n.reason}: retrying in ${Math.max(1, Math.round(n.waitMs / 1000))} s (try ${n.attempt} of ${n.attempts})`)),
  });
  // no credentials at a terminal: log in now, or the pre-filled form in the browser (no-credentials.ts)
  const toBrowser = async () => (await import('./web-form.js')).openWebForm(ctx, flags.portal, form, attachmentPaths, { timeoutSeconds: flags.timeout, wantedForm: flags.form, fieldFlags: flags.field ?? [] });
  const target = await sessionOrWayOn(ctx, interactive, flags.portal, open, toBrowser);
  if (!target) return;
  attempt.portal = target.portal.origin;
  // the Severity lookup and the form share one read of the fields and forms; a re-discovery reads afresh
  const api = sharingFormLists(target.api);
  try {
    // The credentials are checked (a refusal must come before any write, and before the user
    // types a whole request) while the Severity field is discovered.
    const mapping = severityMapping(api, ctx.now, severityOverride(ctx));
    mapping.catch(() => {});
    await api.checkCredentials();
    // The form and --field are checked before anything is asked or sent (exit 2).
    const extra = (attempt.extra = await loadFormFields(api, { wanted: flags.form, fieldFlags: flags.field ?? [], severityOverrideId: severityOverride(ctx)?.fieldId, prompter: interactive ? ctx.prompter() : undefined }));
    if (interactive) {
      // The prompts (and the text measuring they use) load only for a person at a terminal.
      const { askMissing, review } = await import('./ask.js');
      const asker: Asker = { prompter: ctx.prompter(), io: ctx.io, limits, editorName: editorName(ctx.env), style, defaultCc: ctx.settings.get('cc') ?? [], afterSeverity: () => askFormFields(asker.prompter, extra) };
      asker.editExtra = formFieldsEditor(asker.prompter, extra);
      const current = () => ({ cc: form.cc ?? [], subject: form.subject!, description: form.description!, severity: form.severity!, attachments: (form.attachments ?? []).map((a) => a.path) });
      await askMissing(asker, form);
      valid = await validateRequest(current(), limits);
      if (!flags.yes) {
        await review(asker, form, () =>
          renderReview(
            { portal: target.portal, account: describeCredentials(target.credentials), cc: form.cc ?? [], subject: form.subject!, description: form.description!, severity: form.severity!, attachments: form.attachments ?? [], extra: fieldRows(extra) },
            style,
            terminalWidth(ctx.io),
          ),
        );
        valid = await validateRequest(current(), limits);
      }
      if (valid.severity === 'S0' && !form.s0Confirmed) refuseUnconfirmedS0();
    }
    checkFormFields(extra);
    const request = withFormFields(valid!, extra);
    const severity = await mapping;

    if (flags.dryRun) {
      const plan = dryRunPlan(target.portal, request, severity, fieldRows(extra), buildCreateBody(request, severity, request.attachments.map((a) => `<upload token for ${a.name}>`)));
      ctx.io.stdout.write(flags.json ? `${JSON.stringify(plan)}\n` : `${renderDryRun(plan)}\n`);
      return;
    }

    progress = await startUploadProgress(ctx.io, request.attachments);
    let result;
    try {
      result = await submitRequest(api, request, severity, {
        idempotencyKey: attempt.idempotencyKey,
        concurrency: ctx.settings.get('upload-concurrency') ?? DEFAULT_UPLOAD_CONCURRENCY,
        now: ctx.now,
        createSentBefore: attempt.createSentAt,
        // a Severity field set in the config is the user's to fix; a discovered one may be stale
        rediscoverSeverity: severityOverride(ctx) ? undefined : () => rediscoverSeverity(target.api, ctx.now),
        onCreateSent: (at) => (attempt.createSentAt ??= at),
        onProgress: (a, sent) => progress?.update(a, sent),
        onUploaded: (a) => progress?.uploaded(a),
        onStage: (stage) =>
          progress?.stage(stage === 'creating' ? 'Creating the request' : stage === 'checking' ? 'Looking for the request among your latest ones (an earlier try got no answer)' : 'Uploading'),
        signal: ctx.signal,
      });
    } finally {
      progress.stop();
      progress = undefined;
    }
    const outcome = outcomeOf(result.request, request, requestPageUrl(target.portal, result.request.id));
    const account = target.credentials.credentials.email;
    if (result.foundAfterNoAnswer) ctx.io.stderr.write('The portal did not answer the create, but the request is there: it was filed once.\n');
    // What the portal accepted but did not record (core/recorded-check.ts): on stderr, and in --json.
    const recorded = recordedDifferences(result.sent, result.request);
    const warnings = recorded.warnings.map((w) => sanitize(w));
    for (const w of warnings) ctx.io.stderr.write(`${style.yellow('Warning:')} ${w}\n`);
    ctx.io.stdout.write(flags.json ? `${JSON.stringify({ ...outcome, warnings })}\n` : `${renderOutcome(outcome, account, target.sandboxDir !== undefined)}\n`);
    if (LEVEL_INFO[request.severity].pagesOnCall && !recorded.severityLost && !isLoopbackHost(target.portal.hostname)) {
      ctx.io.stderr.write(`${style.red("This S0 request alerts Sigma's on-call Support engineers now.")}\n`);
    }
  } finally {
    await target.close();
  }
}
