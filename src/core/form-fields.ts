/**
 * The extra fields of the portal's form, beyond subject, description and Severity: which ones an
 * end user may set, in what order, which are required, and how a value given as text becomes what
 * is sent in `custom_fields`. It knows nothing of terminals: checks return problems in words.
 *
 * Field attributes: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/
 * Forms and end-user conditions: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/
 * Custom field values by type: https://developer.zendesk.com/documentation/ticketing/managing-tickets/creating-and-updating-tickets/#setting-custom-field-values
 */
import type { EndUserCondition, FieldValue, TicketField, TicketForm } from '../portal/schemas.js';
import type { Check } from './request-fields.js';

export const SUPPORTED_TYPES = ['text', 'textarea', 'integer', 'decimal', 'date', 'checkbox', 'regexp', 'tagger', 'multiselect'] as const;
export type FieldType = (typeof SUPPORTED_TYPES)[number];

export interface FormField {
  id: number;
  type: FieldType;
  /** What the portal shows end users. */
  title: string;
  /** Required in the portal, before any condition. */
  required: boolean;
  options: Array<{ name: string; value: string }>;
  regexp: string | undefined;
}

/** The form a request is filed under and the fields an end user fills in it, in the form's order. */
export interface PortalForm {
  /** Sent as ticket_form_id; undefined when the portal has no forms (or none for end users). */
  id: number | undefined;
  name: string | undefined;
  fields: FormField[];
  conditions: EndUserCondition[];
}

export type FieldValues = Map<number, FieldValue>;

const isSupported = (type: string): type is FieldType => (SUPPORTED_TYPES as readonly string[]).includes(type);
const titleOf = (f: TicketField) => f.title_in_portal || f.title || `field ${f.id}`;

/** Forms an end user can file with: active and visible to end users. */
export function endUserForms(forms: readonly TicketForm[]): TicketForm[] {
  return forms.filter((f) => f.active !== false && f.end_user_visible !== false);
}

export const formName = (f: TicketForm) => f.display_name || f.name || `form ${f.id}`;

/**
 * The extra fields of `form` (or of the portal, when there are no forms) that an end user may set:
 * active, visible and editable in the portal, of a supported type, and not Severity. Anything else
 * would be ignored by the portal, so it is never sent.
 */
export function formFieldsOf(fields: readonly TicketField[], form: TicketForm | undefined, isSeverity: (f: TicketField) => boolean): PortalForm {
  const byId = new Map(fields.map((f) => [f.id, f]));
  const ordered = form?.ticket_field_ids
    ? form.ticket_field_ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
    : [...fields].sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id);
  const usable = ordered.filter(
    (f) => f.active !== false && f.visible_in_portal === true && f.editable_in_portal !== false && !isSeverity(f) && isSupported(f.type),
  );
  return {
    id: form?.id,
    name: form ? formName(form) : undefined,
    fields: usable.map((f) => ({
      id: f.id,
      type: f.type as FieldType,
      title: titleOf(f),
      required: f.required_in_portal === true,
      options: (f.custom_field_options ?? []).map((o) => ({ name: o.name, value: o.value })),
      regexp: f.regexp_for_validation ?? undefined,
    })),
    conditions: form?.end_user_conditions ?? [],
  };
}

const matches = (condition: EndUserCondition, value: FieldValue | undefined) =>
  Array.isArray(value) ? value.includes(String(condition.value)) : value !== undefined && String(value) === String(condition.value);

/**
 * Whether a field applies given the values so far, and whether it is then required. A field that
 * is the child of some end-user condition applies only while its parent has a triggering value,
 * and is required as that condition says; any other field always applies.
 */
export function fieldState(form: PortalForm, field: FormField, values: FieldValues): { applies: boolean; required: boolean } {
  const governing = form.conditions.filter((c) => c.child_fields.some((child) => child.id === field.id));
  if (governing.length === 0) return { applies: true, required: field.required };
  const met = governing.filter((c) => {
    const parent = form.fields.find((f) => f.id === c.parent_field_id);
    return parent !== undefined && fieldState(form, parent, values).applies && matches(c, values.get(c.parent_field_id));
  });
  return { applies: met.length > 0, required: met.some((c) => c.child_fields.some((child) => child.id === field.id && child.is_required === true)) };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LONGEST_VALUE = 10_000;

function option(field: FormField, raw: string): Check<string> {
  const wanted = raw.trim().toLowerCase();
  const found = field.options.find((o) => o.value.toLowerCase() === wanted) ?? field.options.find((o) => o.name.trim().toLowerCase() === wanted);
  return found ? { ok: true, value: found.value } : { ok: false, problem: `"${raw.trim()}" is not one of its options: ${validOptions(field)}` };
}

/** The options of a drop-down, for an error: each name with its tag. */
export function validOptions(field: FormField): string {
  return field.options.map((o) => (o.name === o.value ? `"${o.name}"` : `"${o.name}" (${o.value})`)).join(', ') || '(it has none)';
}

/**
 * Turns text (typed, or given with --field) into the value sent for the field, or says what is
 * wrong. An empty answer is `undefined`: the field is left out.
 */
export function parseFieldValue(field: FormField, raw: string): Check<FieldValue | undefined> {
  const text = field.type === 'textarea' ? raw.replace(/\r\n?/g, '\n').trim() : raw.trim();
  if (text === '') return { ok: true, value: undefined };
  if (text.length > LONGEST_VALUE) return { ok: false, problem: `is over ${LONGEST_VALUE} characters` };
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text)) return { ok: false, problem: 'contains control characters: use plain text' };
  switch (field.type) {
    case 'text':
      return text.includes('\n') ? { ok: false, problem: 'must be one line' } : { ok: true, value: text };
    case 'textarea':
      return { ok: true, value: text };
    case 'integer':
      return /^[+-]?\d{1,15}$/.test(text) ? { ok: true, value: String(Number(text)) } : { ok: false, problem: `"${text}" is not a whole number` };
    case 'decimal':
      return /^[+-]?\d{1,15}(\.\d{1,10})?$/.test(text) ? { ok: true, value: text } : { ok: false, problem: `"${text}" is not a number (such as 12.5)` };
    case 'date': {
      const m = ISO_DATE.exec(text);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
      const real = d && d.getUTCFullYear() === Number(m![1]) && d.getUTCMonth() === Number(m![2]) - 1 && d.getUTCDate() === Number(m![3]);
      return real ? { ok: true, value: text } : { ok: false, problem: `"${text}" is not a date as YYYY-MM-DD` };
    }
    case 'checkbox': {
      const word = text.toLowerCase();
      if (['yes', 'y', 'true', '1', 'on'].includes(word)) return { ok: true, value: true };
      if (['no', 'n', 'false', '0', 'off'].includes(word)) return { ok: true, value: false };
      return { ok: false, problem: `"${text}" is not yes or no` };
    }
    case 'regexp': {
      if (field.regexp === undefined) return { ok: true, value: text };
      const pattern = linearPattern(field.regexp);
      // a pattern that needs backtracking (or that JavaScript cannot read) is the portal's to check
      if (!pattern) return { ok: true, value: text };
      return pattern.test(text) ? { ok: true, value: text } : { ok: false, problem: `"${text}" does not have the form the portal asks for (${field.regexp})` };
    }
    case 'tagger':
      return option(field, text);
    case 'multiselect': {
      const tags: string[] = [];
      for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
        const picked = option(field, part);
        if (!picked.ok) return picked;
        if (!tags.includes(picked.value)) tags.push(picked.value);
      }
      return { ok: true, value: tags };
    }
  }
}

/** Finds a field by its id or its title (case-insensitive). */
export function findField(form: PortalForm, key: string): FormField | undefined {
  const k = key.trim().toLowerCase();
  return form.fields.find((f) => String(f.id) === k) ?? form.fields.find((f) => f.title.trim().toLowerCase() === k);
}

export const fieldList = (form: PortalForm) => form.fields.map((f) => `"${f.title}" (${f.id})`).join(', ') || '(this form has none)';

/**
 * Reads repeated `--field <id|title>=<value>` into values, collecting every problem. `label`: how
 * problems name where a value came from, instead of `--field` (a template's key).
 */
export function valuesFromFlags(form: PortalForm, flags: readonly string[], label?: string): { values: FieldValues; problems: string[] } {
  const values: FieldValues = new Map();
  const problems: string[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      problems.push(`--field "${flag}": give it as <id or title>=<value>`);
      continue;
    }
    const key = flag.slice(0, eq);
    const field = findField(form, key);
    if (!field) {
      problems.push(`${label ?? '--field'}: the form has no field "${key.trim()}" that customers can set; its fields are ${fieldList(form)}`);
      continue;
    }
    const parsed = parseFieldValue(field, flag.slice(eq + 1));
    if (!parsed.ok) problems.push(`${label ?? `--field "${field.title}"`}: ${parsed.problem}`);
    else if (parsed.value !== undefined) values.set(field.id, parsed.value);
  }
  return { values, problems };
}

/**
 * The problems left once every value is known: a required field without a value (naming the flag
 * that gives it), and a value for a field whose condition is not met.
 */
export function checkFieldValues(form: PortalForm, values: FieldValues): string[] {
  const problems: string[] = [];
  for (const field of form.fields) {
    const state = fieldState(form, field, values);
    const value = values.get(field.id);
    const empty = value === undefined || (Array.isArray(value) && value.length === 0);
    if (!state.applies && !empty) problems.push(`--field "${field.title}": it applies only with another answer to ${parentsOf(form, field)}`);
    else if (state.applies && state.required && empty) {
      const hint = field.options.length ? `; options: ${validOptions(field)}` : '';
      problems.push(`"${field.title}" is required: give it with --field "${field.title}=<value>"${hint}`);
    }
  }
  return problems;
}

function parentsOf(form: PortalForm, field: FormField): string {
  const ids = new Set(form.conditions.filter((c) => c.child_fields.some((ch) => ch.id === field.id)).map((c) => c.parent_field_id));
  return [...ids].map((id) => `"${form.fields.find((f) => f.id === id)?.title ?? id}"`).join(' or ');
}

/** What is sent in custom_fields: the value of each field that applies, in the form's order. */
export function customFieldsOf(form: PortalForm, values: FieldValues): Array<{ id: number; value: FieldValue }> {
  return form.fields.flatMap((f) => {
    const value = values.get(f.id);
    return value !== undefined && fieldState(form, f, values).applies ? [{ id: f.id, value }] : [];
  });
}

/** A value as a person reads it: the option names of a drop-down, yes or no for a checkbox. */
export function showValue(field: FormField, value: FieldValue): string {
  const name = (tag: string) => field.options.find((o) => o.value === tag)?.name ?? tag;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(name).join(', ');
  return field.type === 'tagger' ? name(value) : value;
}

/**
 * The portal's pattern, compiled for V8's linear-time engine (the `l` flag): the pattern comes from
 * the portal, and one such as `^(a+)+$` would make the backtracking engine run for hours on a short
 * value. Undefined when the pattern needs backtracking (backreferences, lookaround) or is not valid.
 * See https://v8.dev/blog/non-backtracking-regexp
 */
function linearPattern(source: string): RegExp | undefined {
  // node:v8 (and with it V8's heap and serialiser bindings) loads only for a form with a pattern
  process.getBuiltinModule('node:v8').setFlagsFromString('--enable-experimental-regexp-engine');
  try {
    return new RegExp(source, 'l');
  } catch {
    return undefined;
  }
}
