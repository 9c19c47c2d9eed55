/**
 * Which of the portal's ticket forms a request is filed under: the one named with --form, else the
 * default end-user form, else the only one; with several and no default, a person picks one (a
 * script must name it). No forms at all (plans without them) means no ticket_form_id.
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/
 */
import type { TicketForm } from '../portal/schemas.js';
import { endUserForms, formName } from './form-fields.js';

export type FormChoice =
  | { kind: 'chosen'; form: TicketForm | undefined }
  | { kind: 'pick'; forms: TicketForm[] }
  | { kind: 'problem'; problem: string; hint: string };

export const formList = (forms: readonly TicketForm[]) => forms.map((f) => `"${formName(f)}" (${f.id})`).join(', ');

export function chooseForm(all: readonly TicketForm[], wanted: string | undefined): FormChoice {
  const forms = endUserForms(all);
  if (wanted !== undefined) {
    const key = wanted.trim().toLowerCase();
    const found =
      forms.find((f) => String(f.id) === key) ??
      forms.find((f) => [f.display_name, f.name].some((n) => typeof n === 'string' && n.trim().toLowerCase() === key));
    if (found) return { kind: 'chosen', form: found };
    return forms.length === 0
      ? { kind: 'problem', problem: `--form "${wanted}": the portal offers customers no forms`, hint: 'Leave out --form: the request is filed without one.' }
      : { kind: 'problem', problem: `--form "${wanted}": the portal has no such form for customers; its forms are ${formList(forms)}`, hint: 'Give one of them by id or name.' };
  }
  if (forms.length === 0) return { kind: 'chosen', form: undefined };
  const preferred = forms.find((f) => f.default === true) ?? (forms.length === 1 ? forms[0] : undefined);
  return preferred ? { kind: 'chosen', form: preferred } : { kind: 'pick', forms };
}
