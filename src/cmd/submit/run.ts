/**
 * `sigma-support submit`: gathers the fields (flags, then prompts on a terminal), validates them,
 * discovers the portal's Severity field, guards S0, then runs the core path (upload, create) and
 * prints the result.
 */
import { readFile, stat } from 'node:fs/promises';
import { describeCredentials } from '../../auth/credentials.js';
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from '../../core/attachments.js';
import { LIMITS } from '../../core/limits.js';
import { LEVEL_INFO, parseLevel } from '../../core/severity.js';
import { discoverSeverity, SeverityFieldError, type SeverityMapping } from '../../core/severity-field.js';
import { buildCreateBody, submitRequest } from '../../core/submit-request.js';
import { DEFAULT_UPLOAD_CONCURRENCY } from '../../core/uploads.js';
import { SEVERITY_PROBLEM, validateAttachments, validateRequest, type ValidRequest } from '../../core/validate-request.js';
import { InterruptedError, PortalError, UsageError } from '../../errors.js';
import { newIdempotencyKey, type PortalApi } from '../../portal/portal-api.js';
import { isLoopbackHost, newRequestPageUrl, requestPageUrl } from '../../portal/portal-url.js';
import { canPrompt, terminalWidth } from '../../terminal/iostreams.js';
import { readStdin } from '../../terminal/read-stdin.js';
import { styleFor } from '../../terminal/style.js';
import { startUploadProgress } from '../../terminal/upload-progress.js';
import type { CommandContext } from '../context.js';
import { openSession } from '../session.js';
import { askMissing, review, type Asker, type FormState } from './ask.js';
import type { SubmitFlags } from './definition.js';
import { dryRunPlan, outcomeOf, renderDryRun, renderOutcome, renderReview } from './render.js';

/** Descriptions longer than this are not even read: the portal's limit is far below. */
const DESCRIPTION_READ_LIMIT = LIMITS.descriptionBytes * 4;

function decodeUtf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UsageError(`--description-file ${what}: is not valid UTF-8 text`, 'Save it as UTF-8, or attach it as a file with --attach instead.');
  }
}

async function readDescriptionFile(path: string, ctx: CommandContext): Promise<string> {
  if (path === '-') {
    const tooLarge = () => new UsageError(`--description-file -: standard input is over ${DESCRIPTION_READ_LIMIT / 1024} KB`, `The portal takes at most ${LIMITS.descriptionBytes / 1024} KB; attach long logs as files instead.`);
    return decodeUtf8(await readStdin(ctx.io.stdin, DESCRIPTION_READ_LIMIT, tooLarge), '-');
  }
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`--description-file ${path}: no such file`, 'Check the path, or use - to read standard input.');
  }
  if (!info.isFile()) throw new UsageError(`--description-file ${path}: is not a regular file`, 'Give a text file, or use - to read standard input.');
  if (info.size > DESCRIPTION_READ_LIMIT) {
    throw new UsageError(`--description-file ${path}: is ${Math.ceil(info.size / 1024)} KB, over the portal's limit of ${LIMITS.descriptionBytes / 1024} KB`, 'Put a summary in the description and attach the file with --attach.');
  }
  try {
    return decodeUtf8(await readFile(path), path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--description-file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'Check its permissions.');
  }
}

function editorName(env: NodeJS.ProcessEnv): string {
  return env.VISUAL || env.EDITOR || (process.platform === 'win32' ? 'notepad' : 'vi');
}

async function discover(api: PortalApi): Promise<SeverityMapping> {
  const [fields, forms] = await Promise.all([api.ticketFields(), api.ticketForms()]);
  try {
    return discoverSeverity(fields, forms);
  } catch (error) {
    if (error instanceof SeverityFieldError) {
      throw new PortalError(`cannot file requests through ${api.portal.host}: ${error.message}`, undefined, `Check the portal URL, or file on the web: ${newRequestPageUrl(api.portal)}`);
    }
    throw error;
  }
}

/** The fields as given by flags, checked for what flags alone can get wrong. */
async function formFromFlags(flags: SubmitFlags, ctx: CommandContext, interactive: boolean): Promise<FormState> {
  const sources = [flags.description !== undefined, flags.descriptionFile !== undefined, flags.editor === true].filter(Boolean).length;
  if (sources > 1) throw new UsageError('give the description only one way: --description, --description-file or --editor');
  let description: string | undefined = flags.description;
  if (flags.descriptionFile !== undefined) description = await readDescriptionFile(flags.descriptionFile, ctx);
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

export async function runSubmit(flags: SubmitFlags, ctx: CommandContext): Promise<void> {
  const interactive = canPrompt(ctx.io, flags.input === false);
  const style = styleFor(ctx.io);
  const limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS;

  const form = await formFromFlags(flags, ctx, interactive);
  const attachmentPaths = flags.attach ?? [];
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

  const target = await openSession(ctx, { portalFlag: flags.portal, sandbox: flags.sandbox, timeoutSeconds: flags.timeout });
  const api = target.api;
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => abort.abort(new InterruptedError(`Interrupted by ${signal}. No request was created.`));
  try {
    // The credentials are checked (a refusal must come before any write, and before the user
    // types a whole request) while the Severity field is discovered.
    const mapping = discover(api);
    mapping.catch(() => {});
    await api.checkCredentials();
    if (interactive) {
      const asker: Asker = { prompter: ctx.prompter(), io: ctx.io, limits, editorName: editorName(ctx.env), style };
      await askMissing(asker, form);
      valid = await validateRequest({ cc: form.cc ?? [], subject: form.subject!, description: form.description!, severity: form.severity!, attachments: (form.attachments ?? []).map((a) => a.path) }, limits);
      if (!flags.yes) {
        await review(asker, form, () =>
          renderReview(
            { portal: target.portal, account: describeCredentials(target.credentials), cc: form.cc ?? [], subject: form.subject!, description: form.description!, severity: form.severity!, attachments: form.attachments ?? [] },
            style,
            terminalWidth(ctx.io),
          ),
        );
        valid = await validateRequest({ cc: form.cc ?? [], subject: form.subject!, description: form.description!, severity: form.severity!, attachments: (form.attachments ?? []).map((a) => a.path) }, limits);
      }
      if (valid.severity === 'S0' && !form.s0Confirmed) refuseUnconfirmedS0();
    }
    const request = valid!;
    const severity = await mapping;

    if (flags.dryRun) {
      const plan = dryRunPlan(target.portal, request, severity, buildCreateBody(request, severity, request.attachments.map((a) => `<upload token for ${a.name}>`)));
      ctx.io.stdout.write(flags.json ? `${JSON.stringify(plan)}\n` : `${renderDryRun(plan)}\n`);
      return;
    }

    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = await startUploadProgress(ctx.io, request.attachments);
    let result;
    try {
      result = await submitRequest(api, request, severity, {
        idempotencyKey: newIdempotencyKey(),
        concurrency: DEFAULT_UPLOAD_CONCURRENCY,
        onProgress: (a, sent) => progress.update(a, sent),
        onStage: (stage) => progress.stage(stage === 'creating' ? 'Creating the request' : 'Uploading'),
        signal: abort.signal,
      });
    } finally {
      progress.stop();
    }
    const outcome = outcomeOf(result.request, request, requestPageUrl(target.portal, result.request.id));
    const account = target.credentials.credentials.email;
    ctx.io.stdout.write(flags.json ? `${JSON.stringify(outcome)}\n` : `${renderOutcome(outcome, account, target.sandboxDir !== undefined)}\n`);
    if (LEVEL_INFO[request.severity].pagesOnCall && !isLoopbackHost(target.portal.hostname)) {
      ctx.io.stderr.write(`${style.red("This S0 request alerts Sigma's on-call Support engineers now.")}\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await target.close();
  }
}
