/**
 * Validate, the first step of the core path: turns what the user gave (flags, prompts or a draft)
 * into a request that can be sent, or one UsageError that lists every problem by its flag.
 */
import { UsageError } from '../errors.js';
import { checkAttachments, type Attachment, type AttachmentLimits } from './attachments.js';
import { checkCcList, checkDescription, checkSubject } from './request-fields.js';
import { parseLevel, type Level } from './severity.js';
import type { FieldValue } from '../portal/schemas.js';

export interface RequestInput {
  cc: readonly string[];
  subject: string;
  description: string;
  severity: string;
  attachments: readonly string[];
}

export interface ValidRequest {
  cc: string[];
  subject: string;
  description: string;
  severity: Level;
  attachments: Attachment[];
  /** The form chosen and its extra fields (form-fields.ts); absent, the default form and no extra fields. */
  form?: { id: number | undefined; customFields: Array<{ id: number; value: FieldValue }> };
}

export const SEVERITY_PROBLEM = 'use S0, S1, S2 or S3 (or critical, high, medium, low)';

function problemsError(problems: readonly string[]): UsageError {
  return new UsageError(
    problems.length === 1 ? problems[0]! : `the request has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    'Nothing was sent. Fix the above and run the command again.',
  );
}

/** Checks attachment paths alone (as given with --attach before the prompts). */
export async function validateAttachments(paths: readonly string[], limits: AttachmentLimits): Promise<Attachment[]> {
  const files = await checkAttachments(paths, limits);
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
  const severity = parseLevel(input.severity);
  if (!severity) problems.push(`--severity: "${input.severity}" is not a severity: ${SEVERITY_PROBLEM}`);
  const files = await checkAttachments(input.attachments, limits);
  problems.push(...files.problems.map((p) => `--attach ${p}`));
  if (problems.length > 0 || !cc.ok || !subject.ok || !description.ok || !severity) {
    throw problemsError(problems);
  }
  return { cc: cc.value, subject: subject.value, description: description.value, severity, attachments: files.attachments };
}
