/**
 * What the sandbox portal is set up with: one account, and ticket fields and forms shaped like a
 * Zendesk Help Center's, including a Severity field. The ids and tags are deliberately not the
 * real portal's: the CLI must discover them.
 */
export interface SandboxAccount {
  id: number;
  name: string;
  email: string;
  password: string;
  apiToken: string;
  oauthToken: string;
}

/** Published sandbox-only credentials: they open nothing but a local sandbox. */
export const SANDBOX_ACCOUNT: SandboxAccount = {
  id: 9001,
  name: 'Sandbox User',
  email: 'sandbox@example.com',
  password: 'sandbox-password',
  apiToken: 'sandbox-api-token',
  oauthToken: 'sandbox-oauth-token',
};

/** The OAuth client the sandbox knows; any http://127.0.0.1 redirect is allowed for it. */
export const SANDBOX_OAUTH_CLIENT_ID = 'sigma-support-sandbox';

export interface FieldOption {
  id: number;
  name: string;
  value: string;
  default: boolean;
}

export interface TicketFieldDef {
  id: number;
  type: string;
  title: string;
  title_in_portal: string;
  description: string;
  active: boolean;
  required: boolean;
  required_in_portal: boolean;
  visible_in_portal: boolean;
  editable_in_portal: boolean;
  regexp_for_validation?: string;
  custom_field_options?: FieldOption[];
}

export interface TicketFormDef {
  id: number;
  name: string;
  display_name: string;
  default: boolean;
  active: boolean;
  end_user_visible: boolean;
  ticket_field_ids: number[];
  /** https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/ */
  end_user_conditions?: Array<{ parent_field_id: number; value: string | boolean; child_fields: Array<{ id: number; is_required: boolean }> }>;
}

const field = (f: Partial<TicketFieldDef> & Pick<TicketFieldDef, 'id' | 'type' | 'title'>): TicketFieldDef => ({
  title_in_portal: f.title,
  description: '',
  active: true,
  required: false,
  required_in_portal: false,
  visible_in_portal: true,
  editable_in_portal: true,
  ...f,
});

export const SEVERITY_FIELD_ID = 48151623420;

export function defaultTicketFields(): TicketFieldDef[] {
  return [
    field({ id: 1100, type: 'subject', title: 'Subject', required: true, required_in_portal: true }),
    field({ id: 1101, type: 'description', title: 'Description', required: true, required_in_portal: true }),
    field({ id: 1102, type: 'priority', title: 'Priority', visible_in_portal: false, editable_in_portal: false }),
    // A retired severity field: still listed, no longer active. The CLI must skip it.
    field({
      id: 48151620000,
      type: 'tagger',
      title: 'Severity (old)',
      title_in_portal: 'Severity',
      active: false,
      custom_field_options: [
        { id: 1, name: 'S0 (critical)', value: 'old_sev_0', default: false },
        { id: 2, name: 'S1 (high)', value: 'old_sev_1', default: false },
        { id: 3, name: 'S2 (medium)', value: 'old_sev_2', default: false },
        { id: 4, name: 'S3 (low)', value: 'old_sev_3', default: true },
      ],
    }),
    field({
      id: SEVERITY_FIELD_ID,
      type: 'tagger',
      title: 'Customer severity',
      title_in_portal: 'Severity',
      required: true,
      required_in_portal: true,
      custom_field_options: [
        { id: 11, name: 'S3 (low)', value: 'sandbox_severity_low', default: true },
        { id: 12, name: 'S2 (medium)', value: 'sandbox_severity_medium', default: false },
        { id: 13, name: 'S1 (high)', value: 'sandbox_severity_high', default: false },
        { id: 14, name: 'S0 (critical)', value: 'sandbox_severity_critical', default: false },
      ],
    }),
    field({ id: 48151630000, type: 'text', title: 'Sigma organization slug', title_in_portal: 'Organization (optional)' }),
    field({ id: 48151640000, type: 'text', title: 'Internal triage notes', visible_in_portal: false, editable_in_portal: false }),
  ];
}

export function defaultTicketForms(fields: readonly TicketFieldDef[]): TicketFormDef[] {
  const ids = fields.map((f) => f.id);
  return [
    { id: 36000111222, name: 'Internal escalation', display_name: 'Internal escalation', default: false, active: true, end_user_visible: false, ticket_field_ids: ids },
    { id: 36000111333, name: 'Support request', display_name: 'Submit a request', default: true, active: true, end_user_visible: true, ticket_field_ids: ids },
  ];
}
