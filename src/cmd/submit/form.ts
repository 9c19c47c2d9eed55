/**
 * Gathering the fields of `submit`: from flags, and from a recovered draft for what the flags did
 * not give. What a draft keeps of them is in draft-keeper.ts.
 */
import { LIMITS } from '../../core/limits.js';
import { parseLevel } from '../../severity/levels.js';
import { SEVERITY_PROBLEM } from '../../core/validate-request.js';
import type { Draft } from '../../drafts/draft-store.js';
import { UsageError } from '../../errors.js';
import { readTextArgument } from '../../terminal/read-text.js';
import { styleFor } from '../../terminal/style.js';
import type { CommandContext } from '../context.js';
import type { FormState } from './ask.js';
import type { SubmitFlags } from './definition.js';

export function editorName(env: NodeJS.ProcessEnv): string {
  return env.VISUAL || env.EDITOR || (process.platform === 'win32' ? 'notepad' : 'vi');
}

/** The fields as given by flags, checked for what flags alone can get wrong. `skeleton`: a template's, for --editor. */
export async function formFromFlags(flags: SubmitFlags, ctx: CommandContext, interactive: boolean, skeleton?: readonly string[]): Promise<FormState> {
  const sources = [flags.description !== undefined, flags.descriptionFile !== undefined, flags.editor === true].filter(Boolean).length;
  if (sources > 1) throw new UsageError('give the description only one way: --description, --description-file or --editor');
  let description: string | undefined = flags.description;
  if (flags.descriptionFile !== undefined) description = await readTextArgument('--description-file', flags.descriptionFile, ctx.io, LIMITS.descriptionBytes, ctx.signal);
  if (flags.editor) {
    if (!interactive) throw new UsageError('--editor needs a terminal', 'Use --description or --description-file in scripts.');
    const { askEditedDescription } = await import('./ask.js');
    description = await askEditedDescription({ prompter: ctx.prompter(), io: ctx.io, style: styleFor(ctx.io), editorName: editorName(ctx.env), skeleton });
  }
  let severity = undefined;
  if (flags.severity !== undefined) {
    severity = parseLevel(flags.severity);
    // From a script, a bad --severity is reported with every other problem, by validateRequest.
    if (!severity && (interactive || flags.web)) throw new UsageError(`--severity: "${flags.severity}" is not a severity: ${SEVERITY_PROBLEM}`);
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

export function missingFlags(form: FormState, severityFlag: string | undefined): string[] {
  const missing: string[] = [];
  if (form.subject === undefined) missing.push('--subject');
  if (form.description === undefined) missing.push('--description (or --description-file, or --editor on a terminal)');
  if (form.severity === undefined && severityFlag === undefined) missing.push('--severity');
  return missing;
}

/** The config's Severity field and tags, for portals where discovery does not work. */
export function severityOverride(ctx: CommandContext): { fieldId: number; tags: Record<'S0' | 'S1' | 'S2' | 'S3', string> } | undefined {
  const fieldId = ctx.settings.get('severity-field-id');
  const tags = ctx.settings.get('severity-tags');
  return fieldId !== undefined && tags !== undefined ? { fieldId, tags } : undefined;
}

/** Fills what the flags did not give from a recovered draft. The S0 confirmation is never carried over. */
export function fillFromDraft(form: FormState, draft: Draft): void {
  const f = draft.fields;
  form.cc ??= f.cc;
  form.subject ??= f.subject;
  form.description ??= f.description;
  if (form.severity === undefined && f.severity !== undefined) form.severity = parseLevel(f.severity);
}
