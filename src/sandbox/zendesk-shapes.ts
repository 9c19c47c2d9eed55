/**
 * Ticket fields and forms, attachments and requests as Zendesk answers them, with every attribute its documentation shows,
 * not only those the CLI reads: the contract test (test/integration/sandbox-contract.test.ts)
 * holds the sandbox to these shapes.
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/#json-format
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/#json-format
 */
import type { TicketFieldDef, TicketFormDef } from './fixtures.js';
import type { AttachmentRecord, RequestRecord } from './store.js';

/** When the sandbox's fields and forms were "made": fixed, so answers do not change between runs. */
const MADE_AT = '2026-01-05T09:00:00Z';

export function ticketFieldJson(f: TicketFieldDef, position: number, api: (path: string) => string): unknown {
  return {
    url: api(`/ticket_fields/${f.id}.json`),
    id: f.id,
    type: f.type,
    title: f.title,
    raw_title: f.title,
    description: f.description,
    raw_description: f.description,
    position,
    active: f.active,
    required: f.required,
    collapsed_for_agents: false,
    regexp_for_validation: f.regexp_for_validation ?? null,
    title_in_portal: f.title_in_portal,
    raw_title_in_portal: f.title_in_portal,
    visible_in_portal: f.visible_in_portal,
    editable_in_portal: f.editable_in_portal,
    required_in_portal: f.required_in_portal,
    agent_description: null,
    tag: null,
    created_at: MADE_AT,
    updated_at: MADE_AT,
    removable: !['subject', 'description', 'priority', 'status', 'tickettype', 'group', 'assignee'].includes(f.type),
    key: null,
    ...(f.custom_field_options ? { custom_field_options: f.custom_field_options.map((o) => ({ ...o, raw_name: o.name })) } : {}),
  };
}

export function ticketFormJson(f: TicketFormDef, position: number, api: (path: string) => string): unknown {
  return {
    url: api(`/ticket_forms/${f.id}.json`),
    id: f.id,
    name: f.name,
    raw_name: f.name,
    display_name: f.display_name,
    raw_display_name: f.display_name,
    end_user_visible: f.end_user_visible,
    position,
    ticket_field_ids: f.ticket_field_ids,
    active: f.active,
    default: f.default,
    in_all_brands: true,
    restricted_brand_ids: [],
    end_user_conditions: f.end_user_conditions ?? [],
    agent_conditions: [],
    created_at: MADE_AT,
    updated_at: MADE_AT,
  };
}

/** https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#json-format */
export function attachmentJson(token: string, a: AttachmentRecord, api: (path: string) => string, base: URL): unknown {
  return {
    id: a.id,
    url: api(`/attachments/${a.id}.json`),
    file_name: a.file_name,
    content_url: new URL(`/attachments/token/${token}/?name=${encodeURIComponent(a.file_name)}`, base).toString(),
    mapped_content_url: null,
    content_type: a.content_type,
    size: a.size,
    inline: false,
    deleted: false,
    malware_scan_result: 'not_scanned',
    thumbnails: [],
  };
}

/** The upload token an attachment was stored under (its folder in the data directory). */
export function tokenOf(a: AttachmentRecord): string {
  return a.stored_as.split(/[/\\]/)[1] ?? '';
}

/** Zendesk lets an end user solve a request an agent has taken (open, pending, on hold); not a new one. */
export function canBeSolved(r: RequestRecord): boolean {
  return ['open', 'pending', 'hold'].includes(r.status);
}

/** https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#json-format */
export function requestJson(r: RequestRecord, api: (path: string) => string): unknown {
  return {
    url: api(`/requests/${r.id}.json`),
    id: r.id,
    status: r.status,
    priority: r.priority ?? null,
    type: null,
    subject: r.subject,
    description: r.description,
    organization_id: null,
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    custom_fields: r.custom_fields,
    fields: r.custom_fields,
    requester_id: r.requester_id,
    collaborator_ids: r.email_cc_ids,
    email_cc_ids: r.email_cc_ids,
    is_public: true,
    due_at: null,
    can_be_solved_by_me: canBeSolved(r),
    created_at: r.created_at,
    updated_at: r.updated_at,
    recipient: null,
    followup_source_id: r.followup_source_id ?? null,
    assignee_id: null,
    ticket_form_id: r.ticket_form_id,
  };
}
