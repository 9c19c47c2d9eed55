/**
 * GET /api/v2/ticket_fields and /api/v2/ticket_forms, as end users see them (signed in or not):
 * only the fields and forms shown in the portal. A portal without forms answers 404 for the forms.
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/
 */
import type { TicketFieldDef, TicketFormDef } from '../fixtures.js';
import { json, notFound } from '../http-answer.js';
import { paginate } from '../pagination.js';
import type { PortalCall, PortalEnv } from '../portal-call.js';
import type { Route } from '../route-table.js';
import { ticketFieldJson, ticketFormJson } from '../zendesk-shapes.js';

export interface FieldsAndForms {
  fields: TicketFieldDef[];
  forms: TicketFormDef[];
  /** The portal has no forms at all (form-setups.ts). */
  noForms: boolean;
}

export function ticketFieldRoutes(env: PortalEnv, { fields, forms, noForms }: FieldsAndForms): Array<Route<PortalCall>> {
  const api = (p: string) => env.api(p);
  return [
    {
      method: 'GET',
      path: '/api/v2/ticket_fields',
      handle: ({ url }) => json(200, paginate(url, fields.filter((f) => f.visible_in_portal).map((f, i) => ticketFieldJson(f, i, api)), 'ticket_fields')),
    },
    {
      method: 'GET',
      path: '/api/v2/ticket_forms',
      handle: ({ url }) => {
        if (noForms) throw notFound();
        return json(200, paginate(url, forms.filter((f) => f.end_user_visible).map((f, i) => ticketFormJson(f, i, api)), 'ticket_forms'));
      },
    },
  ];
}
