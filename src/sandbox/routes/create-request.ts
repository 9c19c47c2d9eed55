/**
 * POST /api/v2/requests (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#create-request):
 * a subject and a description, the form and its fields as an end user may set them (the rest is
 * ignored, as Zendesk does), CCs, upload tokens, and an Idempotency-Key
 * (https://developer.zendesk.com/api-reference/introduction/idempotency/).
 */
import { requireAccount } from '../auth.js';
import type { TicketFieldDef, TicketFormDef } from '../fixtures.js';
import { formFieldProblems } from '../form-setups.js';
import { invalid, json, readJson, type Answer, type Details } from '../http-answer.js';
import { IdempotencyKeys } from '../idempotency.js';
import type { PortalCall, PortalEnv } from '../portal-call.js';
import type { RequestRecord } from '../store.js';
import { requestJson } from '../zendesk-shapes.js';
import { consumeUploads, takeUploads } from './uploads.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CreateRules {
  fields: TicketFieldDef[];
  forms: TicketFormDef[];
  /** What a create accepts and then drops without an error, as Zendesk does with what end users may not set. */
  silentlyDrops: ReadonlySet<string>;
}

/** The create handler, with its own memory of idempotency keys. */
export function createRequestHandler(env: PortalEnv, { fields, forms, silentlyDrops }: CreateRules): (call: PortalCall) => Promise<Answer> {
  const keys = new IdempotencyKeys();
  const { store } = env;

  return async (call) => {
    const account = requireAccount(call);
    const sent = await readJson(call.req);
    const key = typeof call.req.headers['idempotency-key'] === 'string' ? call.req.headers['idempotency-key'] : undefined;
    const hash = IdempotencyKeys.hashOf(sent);
    const nowMs = env.now().getTime();
    const seen = key ? keys.replay(String(account.id), key, hash, nowMs) : undefined;
    if (seen) return answer(seen.status, seen.body, 'hit');
    const request = (sent.request ?? {}) as Record<string, unknown>;
    const details: Details = {};
    const subject = typeof request.subject === 'string' ? request.subject.trim() : '';
    const comment = (request.comment ?? {}) as Record<string, unknown>;
    const body = typeof comment.body === 'string' ? comment.body.trim() : '';
    if (!subject) details.subject = [{ description: 'Subject: cannot be blank', error: 'BlankValue', field_key: 'subject' }];
    if (!body) details.description = [{ description: 'Description: cannot be blank', error: 'BlankValue', field_key: 'description' }];

    const formId = request.ticket_form_id ?? forms.find((f) => f.default && f.end_user_visible)?.id;
    const form = forms.find((f) => f.id === formId && f.end_user_visible && f.active);
    // Without forms (form-setups.ts), a request is filed with none.
    if (!form && forms.length > 0) details.ticket_form_id = [{ description: `Ticket form: ${String(formId)} is not available`, error: 'InvalidValue', field_key: 'ticket_form_id' }];

    const given = new Map<number, unknown>();
    for (const cf of Array.isArray(request.custom_fields) ? request.custom_fields : []) {
      const { id, value } = (cf ?? {}) as { id?: unknown; value?: unknown };
      if (typeof id === 'number') given.set(id, value);
    }
    const customFields: Array<{ id: number; value: unknown }> = [];
    for (const field of fields) {
      if (!field.active || ['subject', 'description', 'priority'].includes(field.type)) continue;
      // what end users may not set is ignored, as Zendesk does
      const value = field.visible_in_portal && field.editable_in_portal ? (given.get(field.id) ?? null) : null;
      customFields.push({ id: field.id, value });
    }
    const fieldProblems = formFieldProblems(fields, form, new Map(customFields.map((f) => [f.id, f.value])));
    if (fieldProblems.length) (details.base ??= []).push(...fieldProblems);
    const priorityField = fields.find((f) => f.type === 'priority' && f.visible_in_portal && f.editable_in_portal);
    const priority = priorityField && typeof request.priority === 'string' && ['low', 'normal', 'high', 'urgent'].includes(request.priority) ? request.priority : null;

    const ccEmails: string[] = [];
    for (const cc of Array.isArray(request.email_ccs) ? request.email_ccs : []) {
      const email = (cc as { user_email?: unknown })?.user_email;
      if (typeof email !== 'string' || !EMAIL.test(email)) {
        (details.email_ccs ??= []).push({ description: `CCs: ${String(email)} is not a valid email address`, error: 'InvalidValue', field_key: 'email_ccs' });
      } else if (email.toLowerCase() !== account.email.toLowerCase() && !ccEmails.some((e) => e.toLowerCase() === email.toLowerCase())) {
        ccEmails.push(email);
      }
    }
    const attachments = takeUploads(env, comment.uploads, account, details);
    if (Object.keys(details).length > 0) throw invalid(details);
    // A follow-up is linked only to a closed request of the requester's; Zendesk ignores the id otherwise
    // (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#creating-follow-up-requests).
    const source = typeof request.via_followup_source_id === 'number' ? store.requests.get(request.via_followup_source_id) : undefined;
    const followUp = source?.status === 'closed' && source.requester_id === account.id ? source.id : null;

    const now = env.now().toISOString();
    const record: RequestRecord = {
      id: store.newRequestId(),
      subject,
      description: body,
      status: 'new',
      requester_id: account.id,
      email_cc_ids: silentlyDrops.has('email_ccs') ? [] : ccEmails.map((e) => store.userIdFor(e)),
      cc_emails: silentlyDrops.has('email_ccs') ? [] : ccEmails,
      custom_fields: silentlyDrops.has('custom_fields') ? customFields.map((f) => ({ ...f, value: null })) : customFields,
      ticket_form_id: form?.id ?? null,
      priority,
      created_at: now,
      updated_at: now,
      ...(key ? { idempotency_key: key } : {}),
      ...(followUp !== null ? { followup_source_id: followUp } : {}),
      comments: [{ id: store.newCommentId(), author_id: account.id, body, created_at: now, attachments }],
    };
    consumeUploads(env, comment.uploads, record.id);
    store.saveRequest(record);
    const created = { request: requestJson(record, env.api) };
    if (key) keys.remember(String(account.id), key, hash, nowMs, 201, created);
    return answer(201, created, 'miss');
  };
}

function answer(status: number, body: unknown, lookup: 'hit' | 'miss'): Answer {
  return json(status, body, { 'x-idempotency-lookup': lookup, ...(status === 201 ? { location: String((body as { request: { url: string } }).request.url) } : {}) });
}
