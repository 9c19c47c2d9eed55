/** What `submit` prints: the review, the result (text or JSON) and the dry-run plan. */
import type { ChalkInstance } from 'chalk';
import prettyBytes from 'pretty-bytes';
import wrapAnsi from 'wrap-ansi';
import { splitAddresses } from '../../core/request-fields.js';
import type { Attachment } from '../../core/attachments.js';
import { LEVEL_INFO, type Level } from '../../severity/levels.js';
import type { SeverityMapping } from '../../severity/field.js';
import type { ValidRequest } from '../../core/validate-request.js';
import type { CreateRequestBody, PortalRequest } from '../../portal/schemas.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';

function attachmentLine(a: Attachment): string {
  return `${sanitize(a.name)} (${prettyBytes(a.size)}, ${a.contentType})${a.realPath !== a.path && !a.path.endsWith(a.realPath) ? ` → ${sanitize(a.realPath)}` : ''}`;
}

export interface ReviewFields {
  portal: URL;
  account: string;
  cc: readonly string[];
  subject: string;
  description: string;
  severity: Level;
  attachments: readonly Attachment[];
  /** The form's extra fields that will be sent, as a person reads them. */
  extra?: ReadonlyArray<{ title: string; value: string }>;
}

const fitLabel = (title: string) => (title.length > 12 ? `${title.slice(0, 11)}…` : title);

/**
 * The review, as wide as the terminal: each value wraps between words under its own column, and the
 * description is shown whole, so what is reviewed is exactly what is sent.
 */
export function renderReview(f: ReviewFields, style: ChalkInstance, width: number): string {
  const indent = ' '.repeat(15);
  const row = (label: string, value: string) =>
    `  ${style.bold(label.padEnd(13))}${wrapAnsi(value, Math.max(20, width - indent.length - 1), { hard: true, trim: false }).replace(/\n/g, `\n${indent}`)}`;
  const severity = LEVEL_INFO[f.severity];
  const cc = splitAddresses(f.cc);
  return [
    style.bold('Review your request'),
    row('Portal', f.portal.origin),
    row('From', `${sanitize(f.account)}; gets a copy and every answer`),
    row('CC', cc.length ? sanitize(cc.join(', ')) : style.dim('none')),
    row('Subject', sanitize(f.subject)),
    row('Severity', severity.pagesOnCall ? style.red.bold(`${severity.label}: pages on-call at once`) : severity.label),
    ...(f.extra ?? []).map((x) => row(fitLabel(sanitize(x.title)), sanitize(x.value))),
    row('Description', sanitize(f.description, { multiline: true })),
    row('Attachments', f.attachments.length ? f.attachments.map(attachmentLine).join('\n') : style.dim('none')),
  ].join('\n');
}

export interface SubmitOutcome {
  id: number;
  url: string;
  status: string;
  subject: string;
  severity: Level;
  cc: string[];
  attachments: Array<{ name: string; size: number; contentType: string }>;
}

export function outcomeOf(request: PortalRequest, valid: ValidRequest, pageUrl: string): SubmitOutcome {
  return {
    id: request.id,
    url: pageUrl,
    status: sanitize(request.status ?? 'new'),
    subject: valid.subject,
    severity: valid.severity.level,
    cc: valid.cc,
    attachments: valid.attachments.map((a) => ({ name: a.name, size: a.size, contentType: a.contentType })),
  };
}

/** `sandbox`: the portal is on this machine (--sandbox, or a `sigma-support sandbox` run), which emails nobody. */
export function renderOutcome(o: SubmitOutcome, account: string | undefined, sandbox: boolean): string {
  const files = o.attachments.length ? `, with ${o.attachments.length} attachment${o.attachments.length === 1 ? '' : 's'}` : '';
  return [
    `Request #${o.id} filed (${LEVEL_INFO[o.severity].label}, status ${o.status})${files}: ${sanitize(o.subject)}`,
    `  ${o.url}`,
    sandbox
      ? 'This is a sandbox portal on this machine: it sends no confirmation or any other email,\nand nothing reached Sigma.'
      : `Sigma emails a confirmation, and every answer, to ${account === undefined ? "the account's address" : sanitize(account)}${o.cc.length ? ` and to ${sanitize(o.cc.join(', '))}` : ''}.`,
  ].join('\n');
}

export interface DryRunPlan {
  dryRun: true;
  portal: string;
  severity: Level;
  pagesOnCall: boolean;
  severityField: { id: number; tag: string; sentAs: 'custom_fields' | 'priority' };
  /** Every field the request sets, with its id and value as sent (Severity, then the form's others). */
  fields: Array<{ id: number; title: string; value: string }>;
  ticketFormId: number | null;
  uploads: Array<{ path: string; name: string; size: number; contentType: string }>;
  request: CreateRequestBody;
}

export function dryRunPlan(portal: URL, valid: ValidRequest, mapping: SeverityMapping, extra: DryRunPlan['fields'], body: CreateRequestBody): DryRunPlan {
  return {
    dryRun: true,
    portal: portal.origin,
    severity: valid.severity.level,
    pagesOnCall: LEVEL_INFO[valid.severity.level].pagesOnCall,
    severityField: { id: mapping.fieldId, tag: mapping.tags[valid.severity.level], sentAs: mapping.kind === 'priority' ? 'priority' : 'custom_fields' },
    fields: [{ id: mapping.fieldId, title: mapping.fieldTitle, value: mapping.tags[valid.severity.level] }, ...extra],
    ticketFormId: (valid.form ? valid.form.id : mapping.formId) ?? null,
    uploads: valid.attachments.map((a) => ({ path: a.realPath, name: a.name, size: a.size, contentType: a.contentType })),
    request: body,
  };
}

export function renderDryRun(plan: DryRunPlan): string {
  const out = ['Dry run: nothing was sent.', ''];
  if (plan.uploads.length) {
    out.push(`Would upload ${plan.uploads.length} file${plan.uploads.length === 1 ? '' : 's'}, each as POST ${plan.portal}/api/v2/uploads?filename=<name>:`);
    for (const u of plan.uploads) out.push(`  ${sanitize(u.name)}  ${prettyBytes(u.size)}  ${u.contentType}  (${sanitize(u.path)})`);
    out.push('');
  }
  out.push(`Would create the request with POST ${plan.portal}/api/v2/requests:`, safeJson(plan.request, 2), '');
  out.push(
    plan.severityField.sentAs === 'priority'
      ? `Severity ${LEVEL_INFO[plan.severity].label} is sent as priority "${sanitize(plan.severityField.tag)}" (the Priority field ${plan.severityField.id}, titled Severity in the portal).`
      : `Severity ${LEVEL_INFO[plan.severity].label} is sent as "${sanitize(plan.severityField.tag)}" in field ${plan.severityField.id}.`,
  );
  out.push(`Form: ${plan.ticketFormId ?? 'none (sent without ticket_form_id)'}. Fields sent:`);
  for (const f of plan.fields) out.push(`  ${f.id}  ${sanitize(f.title)}: ${sanitize(f.value)}`);
  out.push(
    plan.pagesOnCall
      ? 'It WOULD PAGE Sigma\'s on-call Support engineers immediately, day or night.'
      : 'It would not page on-call.',
  );
  return out.join('\n');
}
