/**
 * The sandbox's form setups, to rehearse portals shaped unlike the default one: Severity as the
 * system Priority field, extra required and conditional fields, no forms (the endpoint answers 404
 * as on plans without forms), several forms, with or without a default. And the checks a create
 * goes through for the form's fields, as Zendesk describes them:
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/ (end_user_conditions)
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/ (types, required_in_portal)
 */
import { defaultTicketFields, defaultTicketForms, SEVERITY_FIELD_ID, type TicketFieldDef, type TicketFormDef } from './fixtures.js';

export const FORM_SETUPS = {
  severityAs: ['custom', 'priority'],
  forms: ['default', 'none', 'several', 'several-no-default'],
} as const;

export interface FormSetup {
  /** 'priority': no Severity drop-down; the system Priority field is shown to end users titled "Severity". */
  severityAs?: (typeof FORM_SETUPS.severityAs)[number];
  /** Adds required and conditional fields of every supported type to the end-user forms. */
  extraFields?: boolean;
  forms?: (typeof FORM_SETUPS.forms)[number];
}

/** The extra fields' ids, for tests and the sandbox's help. */
export const EXTRA = {
  area: 48151650001, // drop-down, required
  exportFormat: 48151650002, // drop-down, shown and required only when area is "exports"
  affectedUsers: 48151650003, // integer, optional
  startedOn: 48151650004, // date, optional
  production: 48151650005, // checkbox
  workbookUrl: 48151650006, // regexp, shown (optional) only when production is checked
  browsers: 48151650007, // multiselect, optional
  steps: 48151650008, // textarea, optional
  budget: 48151650009, // decimal, optional
  agentOnly: 48151650010, // visible but not editable in the portal: never sent
} as const;

const base = { description: '', active: true, required: false, required_in_portal: false, visible_in_portal: true, editable_in_portal: true };
const opt = (id: number, name: string, value: string) => ({ id, name, value, default: false });

function extraFields(): TicketFieldDef[] {
  return [
    { ...base, id: EXTRA.area, type: 'tagger', title: 'Product area', title_in_portal: 'Product area', required_in_portal: true, custom_field_options: [opt(21, 'Workbooks', 'area_workbooks'), opt(22, 'Exports', 'area_exports'), opt(23, 'Connections', 'area_connections')] },
    { ...base, id: EXTRA.exportFormat, type: 'tagger', title: 'Export format', title_in_portal: 'Export format', custom_field_options: [opt(31, 'CSV', 'fmt_csv'), opt(32, 'PDF', 'fmt_pdf')] },
    { ...base, id: EXTRA.affectedUsers, type: 'integer', title: 'Affected users', title_in_portal: 'Affected users' },
    { ...base, id: EXTRA.startedOn, type: 'date', title: 'Started on', title_in_portal: 'Started on' },
    { ...base, id: EXTRA.production, type: 'checkbox', title: 'Production impact', title_in_portal: 'Production impact' },
    { ...base, id: EXTRA.workbookUrl, type: 'regexp', title: 'Workbook URL', title_in_portal: 'Workbook URL', ...{ regexp_for_validation: '^https://app\\.sigmacomputing\\.com/\\S+$' } },
    { ...base, id: EXTRA.browsers, type: 'multiselect', title: 'Browsers', title_in_portal: 'Browsers', custom_field_options: [opt(41, 'Chrome', 'br_chrome'), opt(42, 'Firefox', 'br_firefox'), opt(43, 'Safari', 'br_safari')] },
    { ...base, id: EXTRA.steps, type: 'textarea', title: 'Steps to reproduce', title_in_portal: 'Steps to reproduce' },
    { ...base, id: EXTRA.budget, type: 'decimal', title: 'Hours lost', title_in_portal: 'Hours lost' },
    { ...base, id: EXTRA.agentOnly, type: 'text', title: 'Account tier', title_in_portal: 'Account tier', editable_in_portal: false },
  ];
}

const CONDITIONS: NonNullable<TicketFormDef['end_user_conditions']> = [
  { parent_field_id: EXTRA.area, value: 'area_exports', child_fields: [{ id: EXTRA.exportFormat, is_required: true }] },
  { parent_field_id: EXTRA.production, value: true, child_fields: [{ id: EXTRA.workbookUrl, is_required: false }] },
];

export interface FormSetupResult {
  ticketFields: TicketFieldDef[];
  ticketForms: TicketFormDef[];
  /** The forms endpoint answers 404, as on plans without forms. */
  noForms: boolean;
}

export function formSetup(setup: FormSetup): FormSetupResult {
  let fields = defaultTicketFields();
  if (setup.severityAs === 'priority') {
    fields = fields
      .filter((f) => f.id !== SEVERITY_FIELD_ID)
      .map((f) => (f.type === 'priority' ? { ...f, title_in_portal: 'Severity', visible_in_portal: true, editable_in_portal: true } : f));
  }
  if (setup.extraFields) fields = [...fields, ...extraFields()];
  let forms = defaultTicketForms(fields);
  if (setup.extraFields) forms = forms.map((f) => (f.end_user_visible ? { ...f, end_user_conditions: CONDITIONS } : f));
  if (setup.forms === 'several' || setup.forms === 'several-no-default') {
    const ids = fields.filter((f) => !Object.values(EXTRA).includes(f.id as never)).map((f) => f.id);
    forms = [
      ...forms.map((f) => (setup.forms === 'several-no-default' ? { ...f, default: false } : f)),
      { id: 36000111444, name: 'Billing question', display_name: 'Billing question', default: false, active: true, end_user_visible: true, ticket_field_ids: ids },
    ];
  }
  return { ticketFields: fields, ticketForms: setup.forms === 'none' ? [] : forms, noForms: setup.forms === 'none' };
}

type Detail = { description: string; error: string; field_key: number | string };

/**
 * What a create is refused for, field by field (422 details): an invalid option, and a required
 * field left blank, where a conditional child counts only while its condition is met.
 */
export function formFieldProblems(fields: readonly TicketFieldDef[], form: TicketFormDef | undefined, given: ReadonlyMap<number, unknown>): Detail[] {
  const details: Detail[] = [];
  const inForm = (id: number) => (form ? form.ticket_field_ids.includes(id) : true);
  const conditions = form?.end_user_conditions ?? [];
  const met = (c: (typeof conditions)[number]) => {
    const v = given.get(c.parent_field_id);
    return Array.isArray(v) ? v.includes(c.value) : v === c.value;
  };
  for (const field of fields) {
    if (!field.active || !inForm(field.id) || ['subject', 'description', 'priority'].includes(field.type)) continue;
    const value = given.get(field.id) ?? null;
    const label = field.title_in_portal || field.title;
    const options = field.custom_field_options ?? [];
    const values = Array.isArray(value) ? value : value === null ? [] : [value];
    if ((field.type === 'tagger' || field.type === 'multiselect') && values.some((v) => !options.some((o) => o.value === v))) {
      details.push({ description: `${label}: "${values.join(', ')}" is not a valid option`, error: 'InvalidValue', field_key: field.id });
      continue;
    }
    const governing = conditions.filter((c) => c.child_fields.some((ch) => ch.id === field.id));
    const required = governing.length
      ? governing.some((c) => met(c) && c.child_fields.some((ch) => ch.id === field.id && ch.is_required))
      : field.required_in_portal && field.visible_in_portal;
    if (required && (value === null || value === '' || values.length === 0)) details.push({ description: `${label}: cannot be blank`, error: 'BlankValue', field_key: field.id });
  }
  return details;
}
