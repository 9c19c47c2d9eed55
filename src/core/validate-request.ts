/**
 * Validate, the first step of the core path: turns what the user gave (flags, prompts or a draft)
 * into a request that can be sent, or one UsageError that lists every problem by its flag.
 */
import { UsageError } from '../errors.js';
import { checkAttachments, type Attachment, type AttachmentLimits } from './attachments.js';
import { checkCcList, checkDescription, checkSubject } from './request-fields.js';
import { LEVELS, toSeverity, type Level, type Severity } from '../severity/levels.js';
import type { FieldValue } from '../portal/schemas.js';

export interface RequestInput {
  cc: readonly string[];
  subject: string;
  description: string;
  /** The level, read once where it entered (parseLevel), or the text given that names none. */
  severity: Level | { notALevel: string };
  /** The user confirmed S0: typed S0 at the guard, or passed --confirm-s0. */
  s0Confirmed: boolean;
  attachments: readonly string[];
}

export interface ValidRequest {
  cc: string[];
  subject: string;
  description: string;
  /** Cannot be S0 without its confirmation. */
  severity: Severity;
  attachments: Attachment[];
  /** The form chosen and its extra fields (form-fields.ts); absent, the default form and no extra fields. */
  form?: { id: number | undefined; customFields: Array<{ id: number; value: FieldValue }> };
  /** A follow-up: the closed request it is linked to (sent as via_followup_source_id). */
  followUpOf?: number;
}

export const SEVERITY_PROBLEM = 'use S0, S1, S2 or S3 (or critical, high, medium, low)';

const UNCONFIRMED_S0 = 'S0 (critical) pages the on-call Sigma Support engineers immediately, and was not confirmed';
const UNCONFIRMED_S0_HINT = 'Add --confirm-s0 if the issue meets the S0 criteria (Sigma inaccessible for major components); otherwise choose S1, S2 or S3.';

/** The refusal of an S0 that was not confirmed: nothing is sent. */
export function unconfirmedS0Error(): UsageError {
  return new UsageError(UNCONFIRMED_S0, UNCONFIRMED_S0_HINT);
}

/** The refusal of a severity that is not S1–S3 or a confirmed S0 (a caller's cast past the type). */
export function unsendableSeverityError(severity: unknown): UsageError {
  const level = typeof severity === 'object' && severity !== null ? (severity as { level?: unknown }).level : severity;
  if (level === 'S0') return unconfirmedS0Error();
  return new UsageError(`the request has no valid severity: ${SEVERITY_PROBLEM}`, 'Nothing was sent.');
}

function problemsError(problems: readonly string[]): UsageError {
  return new UsageError(
    problems.length === 1 ? problems[0]! : `the request has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    'Nothing was sent. Fix the above and run the command again.',
  );
}

/** Checks attachment paths alone (as given with --attach before the prompts). */
export async function validateAttachments(paths: readonly string[], limits: AttachmentLimits): Promise<Attachment[]> {
  const files = checkAttachments(paths, limits);
  if (files.problems.length > 0) throw problemsError(files.problems.map((p) => `--attach ${p}`));
  return files.attachments;
}

export async function validateRequest(input: RequestInput, limits: AttachmentLimits): Promise<ValidRequest> {
  const problems: string[] = [];
  const cc = checkCcList(input.cc);
  if (!cc.ok) problems.push(`--cc: ${cc.problem}`);
  const subject = checkSubject(input.subject);
  if (!subject.ok) problems.push(`--subject: ${subject.problem}`);
  const description = checkDescription(input.description);
  if (!description.ok) problems.push(`--description: ${description.problem}`);
  const given = input.severity;
  // a string that is not a level can only come from a caller's cast: refused the same way
  const level = typeof given === 'string' && LEVELS.includes(given) ? given : undefined;
  const severity = level && toSeverity(level, input.s0Confirmed);
  if (!level) problems.push(`--severity: "${typeof given === 'string' ? given : given.notALevel}" is not a severity: ${SEVERITY_PROBLEM}`);
  else if (!severity) problems.push(`--severity: ${UNCONFIRMED_S0}`);
  const files = checkAttachments(input.attachments, limits);
  problems.push(...files.problems.map((p) => `--attach ${p}`));
  if (problems.length === 1 && given === 'S0' && !severity) throw unconfirmedS0Error();
  if (problems.length > 0 || !cc.ok || !subject.ok || !description.ok || !severity) {
    throw problemsError(problems);
  }
  return { cc: cc.value, subject: subject.value, description: description.value, severity, attachments: files.attachments };
}
