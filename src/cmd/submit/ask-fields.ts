/**
 * The prompts for the form's extra fields (asked after Severity, in the form's order) and the form
 * picker shown when the portal has several forms and no default. The rules are in
 * core/form-fields.ts; this only asks.
 */
import { fieldState, parseFieldValue, validOptions, type FieldValues, type FormField, type PortalForm } from '../../core/form-fields.js';
import { formName } from '../../core/form-fields.js';
import type { FieldValue, TicketForm } from '../../portal/schemas.js';
import type { Prompter } from '../../terminal/prompter.js';
import { sanitize } from '../../terminal/sanitize.js';

export async function pickForm(prompter: Prompter, forms: readonly TicketForm[]): Promise<TicketForm> {
  const id = await prompter.select<number>({
    message: 'Which form? (the portal has several and no default)',
    choices: forms.map((f) => ({ value: f.id, name: sanitize(formName(f)) })),
  });
  return forms.find((f) => f.id === id)!;
}

const NONE = '\u0000none';

async function askOne(prompter: Prompter, field: FormField, required: boolean, current: FieldValue | undefined): Promise<FieldValue | undefined> {
  const title = sanitize(field.title);
  const optional = required || /optional/i.test(title) ? '' : ' (optional)';
  if (field.type === 'tagger') {
    const choices = [
      ...(required ? [] : [{ value: NONE, name: '(none)' }]),
      ...field.options.map((o) => ({ value: o.value, name: sanitize(o.name) })),
    ];
    const picked = await prompter.select<string>({ message: `${title}${optional}`, choices, default: typeof current === 'string' ? current : undefined });
    return picked === NONE ? undefined : picked;
  }
  if (field.type === 'checkbox') {
    return prompter.confirm({ message: `${title}${optional}`, default: current === true });
  }
  const hint =
    field.type === 'multiselect'
      ? `: one or more of ${sanitize(validOptions(field))}, comma-separated`
      : field.type === 'date'
        ? ' (YYYY-MM-DD)'
        : field.type === 'integer' || field.type === 'decimal'
          ? ' (a number)'
          : '';
  const shown = current === undefined ? undefined : Array.isArray(current) ? current.join(', ') : String(current);
  const answer = await prompter.input({
    message: `${title}${optional}${hint}`,
    default: shown,
    validate: (value) => {
      const parsed = parseFieldValue(field, value);
      if (!parsed.ok) return sanitize(`${title} ${parsed.problem}`);
      if (required && (parsed.value === undefined || (Array.isArray(parsed.value) && parsed.value.length === 0))) return `${title} is required`;
      return true;
    },
  });
  const parsed = parseFieldValue(field, answer);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * Asks each field that applies and has no value yet, in the form's order; answers go straight into
 * `values`, so an interrupt keeps what was answered. A field whose condition stops being met by a
 * later answer loses its value.
 */
export async function askFields(prompter: Prompter, form: PortalForm, values: FieldValues, again = false, requiredOnly = false): Promise<void> {
  for (const field of form.fields) {
    const state = fieldState(form, field, values);
    if (!state.applies) {
      values.delete(field.id);
      continue;
    }
    if (values.has(field.id) && !again) continue;
    // --yes with the required fields given: optional fields are not asked (as for CC and attachments)
    if (requiredOnly && !state.required) continue;
    // asked again (at the review): the current answer is the default
    const value = await askOne(prompter, field, state.required, values.get(field.id));
    if (value !== undefined) values.set(field.id, value);
    else values.delete(field.id);
  }
}
