import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXTRA } from '../../src/sandbox/form-setups.js';
import { KEYS, PtySession } from '../helpers/pty.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
let session: PtySession | undefined;
beforeAll(async () => {
  sandbox = await startTestSandbox({ formSetup: { extraFields: true, forms: 'several-no-default' } });
});
afterAll(() => sandbox.close());
afterEach(() => session?.kill());

describe("the portal's form in a real terminal", () => {
  it('picks the form when there is no default, then asks its fields after Severity, in order, following the conditions', async () => {
    const s = (session = new PtySession(['submit', '--cc', 'ana@example.com', '--subject', 'Exports stop', '--description', 'Error 4411'], sandbox.env));
    await s.waitFor('Which form?');
    await s.waitFor('Billing question');
    s.write(KEYS.enter); // "Submit a request", the first
    await s.waitFor('Severity');
    s.write(KEYS.down + KEYS.enter); // S2
    await s.waitFor('Organization (optional)');
    s.line('');
    // required: no "(none)" choice; Exports is the second option
    await s.waitFor('Product area');
    expect(s.screen).not.toContain('(none)');
    s.write(KEYS.down + KEYS.enter);
    // its condition is met: the child is asked, and required
    await s.waitFor('Export format');
    s.write(KEYS.down + KEYS.enter); // PDF
    await s.waitFor('Affected users (optional) (a number)');
    s.line('many');
    await s.waitFor('Affected users "many" is not a whole number');
    s.write('\u007f'.repeat(4));
    s.line('12');
    await s.waitFor('Started on (optional) (YYYY-MM-DD)');
    s.line('');
    await s.waitFor('Production impact (optional)');
    s.line('n');
    // Workbook URL applies only with Production impact checked: not asked
    await s.waitFor('Browsers (optional): one or more of');
    s.line('chrome, Safari');
    await s.waitFor('Steps to reproduce (optional)');
    s.line('');
    await s.waitFor('Hours lost (optional)');
    s.line('');
    await s.waitFor('Attach a file');
    expect(s.screen).not.toContain('Workbook URL');
    s.line('');
    await s.waitFor('Send this request?');
    expect(s.screen).toContain('Product area Exports');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);

    const stored = sandbox.requests().at(-1)!;
    expect(stored.ticket_form_id).toBe(36000111333);
    const values = Object.fromEntries(stored.custom_fields.map((f) => [f.id, f.value]));
    expect(values).toMatchObject({
      [EXTRA.area]: 'area_exports',
      [EXTRA.exportFormat]: 'fmt_pdf',
      [EXTRA.affectedUsers]: '12',
      [EXTRA.production]: false,
      [EXTRA.workbookUrl]: null,
      [EXTRA.browsers]: ['br_chrome', 'br_safari'],
      [EXTRA.startedOn]: null,
    });
  });

  it("the review can ask the form's fields again; a child whose condition no longer holds is dropped", async () => {
    const s = (session = new PtySession(
      ['submit', '--form', 'Submit a request', '--cc', 'ana@example.com', '--subject', 'Edited at review', '--description', 'd', '--severity', 'S3', '--field', 'Product area=Exports', '--field', 'Export format=CSV'],
      sandbox.env,
    ));
    // given as flags: not asked; the optional ones are
    for (const prompt of ['Organization (optional)', 'Affected users', 'Started on']) {
      await s.waitFor(prompt);
      s.line('');
    }
    await s.waitFor('Production impact');
    s.line('n');
    for (const prompt of ['Browsers', 'Steps to reproduce', 'Hours lost', 'Attach a file']) {
      await s.waitFor(prompt);
      s.line('');
    }
    await s.waitFor('Send this request?');
    s.write(KEYS.down + KEYS.enter); // Edit a field
    await s.waitFor("The form's other fields");
    s.write(KEYS.down.repeat(5) + KEYS.enter);
    await s.waitFor('Organization (optional)');
    s.write(KEYS.enter);
    await s.waitFor('Product area');
    s.write(KEYS.up + KEYS.enter); // from Exports (the default now) to Workbooks
    for (const prompt of ['Affected users', 'Started on', 'Production impact', 'Browsers', 'Steps to reproduce', 'Hours lost']) {
      await s.waitFor(prompt);
      s.write(KEYS.enter);
    }
    await s.waitFor('Send this request?');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    const values = Object.fromEntries(sandbox.requests().at(-1)!.custom_fields.map((f) => [f.id, f.value]));
    expect(values).toMatchObject({ [EXTRA.area]: 'area_workbooks', [EXTRA.exportFormat]: null });
  });
});
