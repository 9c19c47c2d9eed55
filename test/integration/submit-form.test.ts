import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTicketFields, SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { EXTRA, formSetup } from '../../src/sandbox/form-setups.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { parseFault } from '../../src/sandbox/faults.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const BASE = ['submit', '--subject', 'Exports stop at 10k rows', '--description', 'Error 4411 (ID 77aa)', '--severity', 'S2', '--no-input'];

describe('the whole form: extra, required and conditional fields', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ formSetup: { extraFields: true } });
  });
  afterAll(() => sandbox.close());

  it('a missing required field names itself and the flag; nothing is sent (exit 2)', async () => {
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(BASE, { env: sandbox.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"Product area" is required: give it with --field "Product area=<value>"');
    expect(result.stderr).toContain('"Exports" (area_exports)');
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('an unknown field, or one customers cannot edit, lists the valid fields (exit 2)', async () => {
    const writes = sandbox.writes().length;
    for (const key of ['Nope', 'Account tier', String(EXTRA.agentOnly)]) {
      const result = await runCliInProcess([...BASE, '--field', 'Product area=Workbooks', '--field', `${key}=x`], { env: sandbox.env });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`the form has no field "${key}" that customers can set`);
      expect(result.stderr).toContain(`"Product area" (${EXTRA.area})`);
      expect(result.stderr).toContain(`"Browsers" (${EXTRA.browsers})`);
    }
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('an unknown option, or a value of the wrong type, says what is valid (exit 2)', async () => {
    const writes = sandbox.writes().length;
    const option = await runCliInProcess([...BASE, '--field', 'Product area=Dashboards'], { env: sandbox.env });
    expect(option.exitCode).toBe(2);
    expect(option.stderr).toContain('"Dashboards" is not one of its options: "Workbooks" (area_workbooks), "Exports" (area_exports), "Connections" (area_connections)');
    const number = await runCliInProcess([...BASE, '--field', 'Product area=Workbooks', '--field', 'Affected users=many'], { env: sandbox.env });
    expect(number.exitCode).toBe(2);
    expect(number.stderr).toContain('--field "Affected users": "many" is not a whole number');
    const date = await runCliInProcess([...BASE, '--field', 'Product area=Workbooks', '--field', 'Started on=2026-02-30'], { env: sandbox.env });
    expect(date.exitCode).toBe(2);
    expect(date.stderr).toContain('"2026-02-30" is not a date as YYYY-MM-DD');
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('a child field is required only when its parent has the triggering value, and refused otherwise', async () => {
    const writes = sandbox.writes().length;
    const missing = await runCliInProcess([...BASE, '--field', 'Product area=Exports'], { env: sandbox.env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('"Export format" is required: give it with --field "Export format=<value>"');
    const notApplying = await runCliInProcess([...BASE, '--field', 'Product area=Workbooks', '--field', 'Export format=PDF'], { env: sandbox.env });
    expect(notApplying.exitCode).toBe(2);
    expect(notApplying.stderr).toContain('--field "Export format": it applies only with another answer to "Product area"');
    expect(sandbox.writes()).toHaveLength(writes);

    const filed = await runCliInProcess([...BASE, '--field', 'product area=area_exports', '--field', `${EXTRA.exportFormat}=pdf`, '--json'], { env: sandbox.env });
    expect(filed.stderr).not.toMatch(/error|warning/i);
    expect(filed.exitCode).toBe(0);
    expect(JSON.parse(filed.stdout).warnings).toEqual([]);
    const stored = sandbox.requests().at(-1)!;
    expect(stored.custom_fields).toContainEqual({ id: EXTRA.area, value: 'area_exports' });
    expect(stored.custom_fields).toContainEqual({ id: EXTRA.exportFormat, value: 'fmt_pdf' });
  });

  it('every type is sent as the portal takes it, by title or id, options by name or tag', async () => {
    const result = await runCliInProcess(
      [
        ...BASE,
        '--json',
        '--field', 'Product area=Connections',
        '--field', `${EXTRA.affectedUsers}=+12`,
        '--field', 'Started on=2026-11-02',
        '--field', 'Production impact=yes',
        '--field', 'Workbook URL=https://app.sigmacomputing.com/acme/workbook/1',
        '--field', 'Browsers=chrome, br_safari, Chrome',
        '--field', 'Steps to reproduce=Open it\nExport it',
        '--field', 'Hours lost=2.5',
      ],
      { env: sandbox.env },
    );
    expect(result.stderr).not.toMatch(/error|warning/i);
    expect(result.exitCode).toBe(0);
    const fields = new Map(sandbox.requests().at(-1)!.custom_fields.map((f) => [f.id, f.value]));
    expect(Object.fromEntries(fields)).toMatchObject({
      [SEVERITY_FIELD_ID]: 'sandbox_severity_medium',
      [EXTRA.area]: 'area_connections',
      [EXTRA.affectedUsers]: '12',
      [EXTRA.startedOn]: '2026-11-02',
      [EXTRA.production]: true,
      [EXTRA.workbookUrl]: 'https://app.sigmacomputing.com/acme/workbook/1',
      [EXTRA.browsers]: ['br_chrome', 'br_safari'],
      [EXTRA.steps]: 'Open it\nExport it',
      [EXTRA.budget]: '2.5',
      [EXTRA.exportFormat]: null,
      [EXTRA.agentOnly]: null,
    });
  });

  it('a regexp field checks the portal\'s pattern', async () => {
    const result = await runCliInProcess([...BASE, '--field', 'Product area=Workbooks', '--field', 'Production impact=yes', '--field', 'Workbook URL=http://elsewhere'], { env: sandbox.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--field "Workbook URL": "http://elsewhere" does not have the form the portal asks for');
  });

  it('--dry-run shows every field that would be sent, with its id and value', async () => {
    const writes = sandbox.writes().length;
    const args = [...BASE, '--dry-run', '--field', 'Product area=Exports', '--field', 'Export format=CSV', '--field', 'Browsers=Firefox'];
    const text = await runCliInProcess(args, { env: sandbox.env });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain(`  ${SEVERITY_FIELD_ID}  Severity: sandbox_severity_medium`);
    expect(text.stdout).toContain(`  ${EXTRA.area}  Product area: Exports`);
    expect(text.stdout).toContain(`  ${EXTRA.exportFormat}  Export format: CSV`);
    expect(text.stdout).toContain(`  ${EXTRA.browsers}  Browsers: Firefox`);
    const json = JSON.parse((await runCliInProcess([...args, '--json'], { env: sandbox.env })).stdout);
    expect(json.fields.map((f: { id: number }) => f.id)).toEqual([SEVERITY_FIELD_ID, EXTRA.area, EXTRA.exportFormat, EXTRA.browsers]);
    expect(json.request.request.custom_fields).toEqual([
      { id: SEVERITY_FIELD_ID, value: 'sandbox_severity_medium' },
      { id: EXTRA.area, value: 'area_exports' },
      { id: EXTRA.exportFormat, value: 'fmt_csv' },
      { id: EXTRA.browsers, value: ['br_firefox'] },
    ]);
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('a draft keeps the extra fields, and --recover sends them', async () => {
    const failing = await startTestSandbox({ formSetup: { extraFields: true }, faults: [{ target: 'create', kind: '500', times: Infinity }] });
    const state = tempDir('sigma-state-');
    try {
      const args = ['submit', '--subject', 'Kept in a draft', '--description', 'd', '--severity', 'S3', '--no-input', '--retries', '0'];
      const result = await runCliInProcess([...args, '--field', 'Product area=Exports', '--field', 'Export format=PDF'], { env: { ...failing.env, XDG_STATE_HOME: state } });
      expect(result.exitCode).toBe(1);
      const dir = join(state, 'sigma-support', 'drafts');
      const path = join(dir, readdirSync(dir)[0]!);
      expect(JSON.parse(readFileSync(path, 'utf8')).fields.extra).toEqual([`${EXTRA.area}=area_exports`, `${EXTRA.exportFormat}=fmt_pdf`]);
      const recovered = await runCliInProcess(['submit', '--recover', path, '--portal', sandbox.url.origin, '--no-input', '--json'], { env: { ...sandbox.env, XDG_STATE_HOME: state } });
      expect(recovered.exitCode).toBe(0);
      const stored = sandbox.requests().at(-1)!;
      expect(stored.subject).toBe('Kept in a draft');
      expect(stored.custom_fields).toContainEqual({ id: EXTRA.exportFormat, value: 'fmt_pdf' });
    } finally {
      await failing.close();
    }
  });
});

describe('Severity as the system Priority field', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ formSetup: { severityAs: 'priority' } });
  });
  afterAll(() => sandbox.close());

  it.each([
    ['S3', 'low'],
    ['S2', 'normal'],
    ['S1', 'high'],
    ['S0', 'urgent'],
  ])('%s is sent as priority %s and recorded', async (level, priority) => {
    const result = await runCliInProcess(['submit', '--subject', `Priority ${level}`, '--description', 'd', '--severity', level, '--no-input', '--json', ...(level === 'S0' ? ['--confirm-s0'] : [])], { env: sandbox.env });
    expect(result.stderr).not.toMatch(/error|warning/i);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual([]);
    const stored = sandbox.requests().at(-1)!;
    expect(stored.priority).toBe(priority);
    expect(stored.custom_fields.every((f) => f.value === null)).toBe(true);
  });

  it('the S0 guard holds, and --dry-run says the priority', async () => {
    const refused = await runCliInProcess(['submit', '--subject', 's', '--description', 'd', '--severity', 'S0', '--no-input'], { env: sandbox.env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--confirm-s0');
    const dry = await runCliInProcess(['submit', '--subject', 's', '--description', 'd', '--severity', 'S1', '--dry-run'], { env: sandbox.env });
    expect(dry.stdout).toContain('Severity S1 (high) is sent as priority "high" (the Priority field 1102, titled Severity in the portal)');
    expect(dry.stdout).toContain('"priority": "high"');
  });

  it('requests view reads the severity back from the priority', async () => {
    const filed = await runCliInProcess(['submit', '--subject', 'Read back', '--description', 'd', '--severity', 'S1', '--no-input', '--json'], { env: sandbox.env });
    const { id } = JSON.parse(filed.stdout);
    const view = await runCliInProcess(['requests', 'view', String(id), '--json'], { env: sandbox.env });
    expect(view.exitCode).toBe(0);
    expect(JSON.parse(view.stdout)).toMatchObject({ id, severity: 'S1' });
  });

  it('the config override may name the Priority field', async () => {
    const env = { ...sandbox.env, HOME: tempDir('home-') };
    const set1 = await runCliInProcess(['config', 'set', 'severity-field-id', '1102'], { env });
    const set2 = await runCliInProcess(['config', 'set', 'severity-tags', 'S0=urgent,S1=high,S2=normal,S3=low'], { env });
    expect([set1.exitCode, set2.exitCode]).toEqual([0, 0]);
    const result = await runCliInProcess(['submit', '--subject', 'Override', '--description', 'd', '--severity', 'S1', '--no-input', '--json'], { env });
    expect(result.exitCode).toBe(0);
    expect(sandbox.requests().at(-1)!.priority).toBe('high');
  });

  it('with the override, fields that cannot be read fail the command (exit 1, nothing sent): Severity is never sent as a drop-down by guess', async () => {
    const env = { ...sandbox.env, HOME: tempDir('home-'), SIGMA_SUPPORT_RETRIES: '0' };
    const set1 = await runCliInProcess(['config', 'set', 'severity-field-id', '1102'], { env });
    const set2 = await runCliInProcess(['config', 'set', 'severity-tags', 'S0=urgent,S1=high,S2=normal,S3=low'], { env });
    expect([set1.exitCode, set2.exitCode]).toEqual([0, 0]);
    const writes = sandbox.writes().length;
    // (submit reads the fields once, shared by the Severity lookup and the form: src/portal/shared-lists.ts)
    sandbox.faults.add(parseFault('fields=500:once'));
    try {
      const result = await runCliInProcess(['submit', '--subject', 'Fields unreadable', '--description', 'd', '--severity', 'S1', '--no-input'], { env });
      expect(result.stderr).toContain('reading the ticket fields');
      expect(result.exitCode).toBe(1);
      expect(sandbox.writes().length).toBe(writes);
    } finally {
      sandbox.faults.clear();
    }
  });
});

describe('forms: none, several, a default or not', () => {
  it('no forms (404): the request is filed without a form', async () => {
    const sandbox = await startTestSandbox({ formSetup: { forms: 'none' } });
    try {
      const dry = JSON.parse((await runCliInProcess([...BASE, '--dry-run', '--json'], { env: sandbox.env })).stdout);
      expect(dry.ticketFormId).toBeNull();
      expect(dry.request.request).not.toHaveProperty('ticket_form_id');
      const result = await runCliInProcess([...BASE, '--json'], { env: sandbox.env });
      expect(result.exitCode).toBe(0);
      expect(sandbox.requests().at(-1)!.ticket_form_id).toBeNull();
    } finally {
      await sandbox.close();
    }
  });

  it('several forms: the default, or the one --form names by id or name; an unknown one lists them', async () => {
    const sandbox = await startTestSandbox({ formSetup: { forms: 'several' } });
    try {
      expect((await runCliInProcess(BASE, { env: sandbox.env })).exitCode).toBe(0);
      expect(sandbox.requests().at(-1)!.ticket_form_id).toBe(36000111333);
      expect((await runCliInProcess([...BASE, '--form', 'billing QUESTION'], { env: sandbox.env })).exitCode).toBe(0);
      expect(sandbox.requests().at(-1)!.ticket_form_id).toBe(36000111444);
      const unknown = await runCliInProcess([...BASE, '--form', 'Internal escalation'], { env: sandbox.env });
      expect(unknown.exitCode).toBe(2);
      expect(unknown.stderr).toContain('its forms are "Submit a request" (36000111333), "Billing question" (36000111444)');
    } finally {
      await sandbox.close();
    }
  });

  it('several forms and no default: a script must name one', async () => {
    const sandbox = await startTestSandbox({ formSetup: { forms: 'several-no-default' } });
    try {
      const result = await runCliInProcess(BASE, { env: sandbox.env });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('the portal has several forms and none is the default: choose one with --form');
      expect(sandbox.writes()).toEqual([]);
      expect((await runCliInProcess([...BASE, '--form', '36000111444'], { env: sandbox.env })).exitCode).toBe(0);
      expect(sandbox.requests().at(-1)!.ticket_form_id).toBe(36000111444);
    } finally {
      await sandbox.close();
    }
  });
});

describe('submit --web with the whole form', () => {
  it('pre-fills the extra fields and the Priority-kind Severity; a multi-select is named to choose by hand', async () => {
    const sandbox = await startTestSandbox({ formSetup: { extraFields: true, severityAs: 'priority' } });
    try {
      const result = await runCliInProcess(
        ['submit', '--web', '--portal', sandbox.url.origin, '--subject', 'S', '--severity', 'S1', '--field', 'Product area=Exports', '--field', 'Production impact=yes', '--field', 'Browsers=Chrome,Safari'],
      );
      expect(result.exitCode).toBe(0);
      const form = new URL(new URL(result.stdout.trim()).searchParams.get('return_to')!);
      expect(form.searchParams.get('tf_priority')).toBe('high');
      expect(form.searchParams.get(`tf_${EXTRA.area}`)).toBe('area_exports');
      expect(form.searchParams.get(`tf_${EXTRA.production}`)).toBe('true');
      expect(form.searchParams.has(`tf_${EXTRA.browsers}`)).toBe(false);
      expect(result.stderr).toContain('Choose in the form yourself: Browsers: Chrome, Safari');
      const bad = await runCliInProcess(['submit', '--web', '--portal', sandbox.url.origin, '--field', 'Product area=Nothing']);
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toContain('"Nothing" is not one of its options');
    } finally {
      await sandbox.close();
    }
  });
});

describe('a hostile portal', () => {
  it("field titles and options with terminal escapes are shown harmless in errors", async () => {
    const fields = defaultTicketFields();
    fields.push({
      ...fields.find((f) => f.type === 'text')!,
      id: 777001,
      type: 'tagger',
      title: 'Evil',
      title_in_portal: 'Evil\u001b]0;pwned\u0007\u001b[2J',
      required_in_portal: true,
      custom_field_options: [{ id: 1, name: 'Opt\u001b[31mred', value: 'opt_red', default: false }],
    });
    const sandbox = await startTestSandbox({ ticketFields: fields });
    try {
      const result = await runCliInProcess(BASE, { env: sandbox.env });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('is required: give it with --field');
      expect(result.stderr).not.toContain('\u001b');
      expect(result.stderr).not.toContain('\u0007');
    } finally {
      await sandbox.close();
    }
  });
});

describe('a regexp field whose pattern would make a backtracking engine run for hours', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    // the portal is untrusted: its pattern is (a+)+$, and a value of 40 a's and a b needs 2^40 steps to backtrack through
    const setup = formSetup({ extraFields: true });
    const ticketFields = setup.ticketFields.map((f) => (f.id === EXTRA.workbookUrl ? { ...f, regexp_for_validation: '^(a+)+$' } : f));
    sandbox = await startTestSandbox({ ticketFields, ticketForms: setup.ticketForms });
  });
  afterAll(() => sandbox.close());

  it('is checked in linear time: the value is refused at once, nothing sent', async () => {
    const writes = sandbox.writes().length;
    const result = await runCliInProcess([...BASE, '--field', 'Product area=Workbooks', '--field', 'Production impact=yes', '--field', `Workbook URL=${'a'.repeat(40)}b`], { env: sandbox.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('does not have the form the portal asks for');
    expect(sandbox.writes()).toHaveLength(writes);
  });
});
