import { LEVELS, type Level, levelOfOptionName } from './levels.js';
import type { TicketField, TicketForm } from '../portal/schemas.js';

/** Where and how a portal takes the severity: the field, the tag for each level, and the form. */
export interface SeverityMapping {
  fieldId: number;
  fieldTitle: string;
  tags: Record<Level, string>;
  /** The default end-user form, sent as ticket_form_id; undefined when the portal shows none. */
  formId: number | undefined;
  /**
   * 'priority': Severity is the system Priority field retitled for end users; the level is sent as
   * `priority` (low, normal, high, urgent) rather than in custom_fields. Absent means a drop-down.
   */
  kind?: 'custom' | 'priority';
}

/** S3…S0 on the system Priority field (https://developer.zendesk.com/api-reference/ticketing/tickets/requests/). */
export const PRIORITY_TAGS: Readonly<Record<Level, string>> = { S0: 'urgent', S1: 'high', S2: 'normal', S3: 'low' };

/** The system Priority field, when end users see it titled Severity and may set it. */
export function prioritySeverityField(fields: readonly TicketField[]): TicketField | undefined {
  return fields.find(
    (f) => f.type === 'priority' && f.active !== false && f.visible_in_portal === true && f.editable_in_portal !== false && SEVERITY_TITLE.test(f.title_in_portal || ''),
  );
}

export class SeverityFieldError extends Error {}

const SEVERITY_TITLE = /severity/i;

/**
 * Finds the Severity field among the portal's ticket fields (the active `tagger` field whose
 * portal title, or title, says Severity) and maps S0–S3 to its option tags by the option names.
 * Throws SeverityFieldError, with words for the user, when the portal has no usable field.
 */
export function discoverSeverity(fields: readonly TicketField[], forms: readonly TicketForm[]): SeverityMapping {
  const candidates = fields.filter(
    (f) => f.type === 'tagger' && f.active !== false && SEVERITY_TITLE.test(f.title_in_portal || f.title || ''),
  );
  if (candidates.length === 0) {
    const priority = prioritySeverityField(fields);
    if (priority) {
      return { fieldId: priority.id, fieldTitle: priority.title_in_portal || 'Severity', tags: { ...PRIORITY_TAGS }, formId: defaultEndUserForm(forms)?.id, kind: 'priority' };
    }
    throw new SeverityFieldError('the portal has no active Severity field (a drop-down titled "Severity", or the Priority field titled "Severity" for customers)');
  }
  if (candidates.length > 1) {
    const ids = candidates.map((f) => f.id).join(', ');
    throw new SeverityFieldError(`the portal has ${candidates.length} active Severity fields (ids ${ids})`);
  }
  const field = candidates[0]!;
  const tags: Partial<Record<Level, string>> = {};
  for (const option of field.custom_field_options ?? []) {
    const level = levelOfOptionName(option.name);
    if (!level) continue;
    if (tags[level] !== undefined && tags[level] !== option.value) {
      throw new SeverityFieldError(`the portal's Severity field has two options for ${level}`);
    }
    tags[level] = option.value;
  }
  const missing = LEVELS.filter((l) => tags[l] === undefined);
  if (missing.length > 0) {
    throw new SeverityFieldError(`the portal's Severity field has no option for ${missing.join(', ')}`);
  }
  return {
    fieldId: field.id,
    fieldTitle: field.title_in_portal || field.title || 'Severity',
    tags: tags as Record<Level, string>,
    formId: defaultEndUserForm(forms)?.id,
  };
}

/** The form end users file with: the default one they can see, or the only one. */
export function defaultEndUserForm(forms: readonly TicketForm[]): TicketForm | undefined {
  const usable = forms.filter((f) => f.active !== false && f.end_user_visible !== false);
  return usable.find((f) => f.default) ?? (usable.length === 1 ? usable[0] : undefined);
}

/** The level a tag stands for, for showing a request that came back from the portal. */
export function levelOfTag(mapping: SeverityMapping, tag: unknown): Level | undefined {
  return LEVELS.find((l) => mapping.tags[l] === tag);
}
