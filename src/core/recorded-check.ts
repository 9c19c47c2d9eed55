/**
 * Zendesk accepts a request and drops, without an error, what the user may not set: a field that
 * end users cannot edit, CCs while CCs are off
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/,
 * https://support.zendesk.com/hc/en-us/articles/4408843795482). This compares the request the
 * portal created with what was sent, and says what it did not record. What the answer does not
 * show (an attribute it leaves out) is not reported: only a difference that can be seen.
 */
import { followUpSourceOf, type CreateRequestBody, type PortalRequest } from '../portal/schemas.js';
import { LEVEL_INFO, type Level } from '../severity/levels.js';

export interface SentRequest {
  body: CreateRequestBody;
  /** The field that carried the severity (custom_fields), and the level sent. */
  severityFieldId: number | undefined;
  severity: Level;
}

// A number sent as text may come back as a number (integer and decimal fields): the same value.
const scalar = (v: unknown) => (typeof v === 'number' ? String(v) : v);
const same = (a: unknown, b: unknown) => JSON.stringify(scalar(a) ?? null) === JSON.stringify(scalar(b) ?? null);
const shown = (v: unknown) => (v === null || v === undefined || v === '' ? 'nothing' : `"${Array.isArray(v) ? v.join(', ') : String(v)}"`);

/** One sentence per difference, for stderr and the `warnings` of --json; and whether the severity was seen recorded. */
export function recordedDifferences(sent: SentRequest, created: PortalRequest): { warnings: string[]; severityLost: boolean } {
  const warnings: string[] = [];
  const request = sent.body.request as CreateRequestBody['request'] & { priority?: string };
  const answer = created as PortalRequest & { priority?: unknown; ticket_form_id?: unknown };
  let severityLost = false;

  if (Array.isArray(answer.custom_fields)) {
    const recorded = new Map(answer.custom_fields.map((f) => [f.id, f.value]));
    for (const field of request.custom_fields) {
      const value = recorded.get(field.id);
      if (same(value, field.value)) continue;
      if (field.id === sent.severityFieldId) {
        severityLost = true;
        warnings.push(
          `the portal did not record the severity: ${LEVEL_INFO[sent.severity].label} was sent (${shown(field.value)} in field ${field.id}), and request #${created.id} shows ${shown(value)}. ` +
            "The portal's Severity field may not be editable by customers (see docs/ADMIN.md).",
        );
      } else {
        warnings.push(`the portal did not record field ${field.id}: ${shown(field.value)} was sent, and request #${created.id} shows ${shown(value)}.`);
      }
    }
  }
  if (request.priority !== undefined && 'priority' in answer && !same(answer.priority, request.priority)) {
    severityLost = true;
    warnings.push(`the portal did not record the severity: ${LEVEL_INFO[sent.severity].label} was sent as priority "${request.priority}", and request #${created.id} shows ${shown(answer.priority)}.`);
  }
  if (severityLost && LEVEL_INFO[sent.severity].pagesOnCall) {
    warnings.push(
      `S0 was not recorded on request #${created.id}, so Sigma's on-call Support engineers may not have been paged. ` +
        'To escalate now, use the live chat in the Sigma app, or email Sigma Support, and quote the request number.',
    );
  }

  const ccs = (request.email_ccs ?? []).map((c) => c.user_email);
  if (ccs.length > 0 && Array.isArray(answer.email_cc_ids) && answer.email_cc_ids.length < ccs.length) {
    warnings.push(
      `the portal recorded ${answer.email_cc_ids.length} of the ${ccs.length} CCs sent (${ccs.join(', ')}): CCs may be off on this portal. ` +
        'Forward the confirmation email to them, or ask the portal admin to enable CCs.',
    );
  }

  if (request.ticket_form_id !== undefined && 'ticket_form_id' in answer && !same(answer.ticket_form_id, request.ticket_form_id)) {
    warnings.push(`the portal filed request #${created.id} under form ${shown(answer.ticket_form_id)}, not the form sent (${request.ticket_form_id}).`);
  }
  // Zendesk ignores via_followup_source_id unless that request is closed (it may have been reopened meanwhile)
  if (request.via_followup_source_id !== undefined && 'followup_source_id' in answer && followUpSourceOf(answer) !== request.via_followup_source_id) {
    warnings.push(`the portal did not link request #${created.id} to request #${request.via_followup_source_id}: mention #${request.via_followup_source_id} in a reply so Support can find it.`);
  }
  return { warnings, severityLost };
}
