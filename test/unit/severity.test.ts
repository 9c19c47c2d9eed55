import { describe, expect, it } from 'vitest';
import { LEVEL_INFO, levelOfOptionName, parseLevel } from '../../src/severity/levels.js';
import { discoverSeverity, levelOfTag, SeverityFieldError } from '../../src/severity/field.js';
import type { TicketField, TicketForm } from '../../src/portal/schemas.js';
import { defaultTicketFields, defaultTicketForms, SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';

describe('parseLevel', () => {
  it.each([
    ['S0', 'S0'], ['s0', 'S0'], [' critical ', 'S0'], ['CRITICAL', 'S0'], ['S0 (critical)', 'S0'],
    ['S1', 'S1'], ['high', 'S1'], ['s2', 'S2'], ['Medium', 'S2'], ['S3', 'S3'], ['low', 'S3'],
  ])('reads %j as %s', (input, level) => expect(parseLevel(input)).toBe(level));

  it.each(['S4', 'urgent', '', '0', 'sev0', 'S 0 critical'])('refuses %j', (input) => expect(parseLevel(input)).toBeUndefined());

  it('marks only S0 as paging on-call', () => {
    expect(Object.values(LEVEL_INFO).filter((l) => l.pagesOnCall).map((l) => l.level)).toEqual(['S0']);
  });
});

describe('levelOfOptionName', () => {
  it.each([
    ['S0 (critical)', 'S0'], ['s1 - High', 'S1'], ['Sev S2', 'S2'], ['S3 (low)', 'S3'], ['Critical', 'S0'], ['low priority', 'S3'],
  ])('finds the level in %j', (name, level) => expect(levelOfOptionName(name)).toBe(level));

  it('finds none in unrelated names', () => {
    expect(levelOfOptionName('Question')).toBeUndefined();
    expect(levelOfOptionName('high or low')).toBeUndefined();
  });
});

const tagger = (id: number, title: string, names: string[], extra: Partial<TicketField> = {}): TicketField => ({
  id,
  type: 'tagger',
  title,
  title_in_portal: title,
  active: true,
  custom_field_options: names.map((name, i) => ({ id: i, name, value: `tag_${id}_${i}` })),
  ...extra,
});
const ALL = ['S0 (critical)', 'S1 (high)', 'S2 (medium)', 'S3 (low)'];
const form = (id: number, extra: Partial<TicketForm> = {}): TicketForm => ({ id, active: true, end_user_visible: true, default: false, ...extra });

describe('discoverSeverity', () => {
  it('uses the sandbox fixtures: skips the inactive field, maps tags by option names, takes the default end-user form', () => {
    const fields = defaultTicketFields();
    const mapping = discoverSeverity(fields as unknown as TicketField[], defaultTicketForms(fields) as unknown as TicketForm[]);
    expect(mapping.fieldId).toBe(SEVERITY_FIELD_ID);
    expect(mapping.tags).toEqual({ S0: 'sandbox_severity_critical', S1: 'sandbox_severity_high', S2: 'sandbox_severity_medium', S3: 'sandbox_severity_low' });
    expect(mapping.formId).toBe(36000111333);
    expect(levelOfTag(mapping, 'sandbox_severity_high')).toBe('S1');
  });

  it('matches the portal title before the agent title', () => {
    const mapping = discoverSeverity([tagger(7, 'Impact', ALL, { title_in_portal: 'Severity level' })], []);
    expect(mapping.fieldId).toBe(7);
    expect(mapping.formId).toBeUndefined();
  });

  it('refuses a portal without an active Severity field', () => {
    expect(() => discoverSeverity([tagger(1, 'Severity', ALL, { active: false }), tagger(2, 'Product area', ALL)], [])).toThrow(/no active Severity field/);
    expect(() => discoverSeverity([{ id: 3, type: 'text', title: 'Severity' }], [])).toThrow(SeverityFieldError);
  });

  it('refuses two active Severity fields rather than guess', () => {
    expect(() => discoverSeverity([tagger(1, 'Severity', ALL), tagger(2, 'Severity (new)', ALL)], [])).toThrow(/2 active Severity fields/);
  });

  it('names the levels the field lacks', () => {
    expect(() => discoverSeverity([tagger(1, 'Severity', ['S2 (medium)', 'S3 (low)'])], [])).toThrow(/no option for S0, S1/);
  });

  it('prefers the default form, ignores forms end users cannot see, and takes a lone visible form', () => {
    const f = [tagger(1, 'Severity', ALL)];
    expect(discoverSeverity(f, [form(10), form(11, { default: true }), form(12)]).formId).toBe(11);
    expect(discoverSeverity(f, [form(10, { default: true, end_user_visible: false }), form(12)]).formId).toBe(12);
    expect(discoverSeverity(f, [form(10), form(12)]).formId).toBeUndefined();
  });
});
