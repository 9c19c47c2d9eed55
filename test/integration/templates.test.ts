// `submit --template` and `--list-templates`, through the real CLI against the sandbox: what a
// template fills, what flags override, every way a template can be wrong (exit 2, nothing sent),
// its S0 still needing --confirm-s0, and a draft that no longer needs the template file.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFault } from '../../src/sandbox/faults.js';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { EXTRA } from '../../src/sandbox/form-setups.js';
import { ROOT } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const EXPORTS = `about = "Exports that fail or stop early"
subject-prefix = "[Exports]"
severity = "medium"
cc = ["data-team@example.com", "ops@example.com"]

[fields]
"Product area" = "Exports"
"Export format" = "PDF"
"Affected users" = 12
"Production impact" = true
"Browsers" = ["Chrome", "Firefox"]
`;

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ formSetup: { extraFields: true } });
});
afterAll(() => sandbox.close());

/** A fresh config folder with these named templates; returns the env that uses it. */
function withTemplates(files: Record<string, string>): { env: Record<string, string>; dir: string } {
  const config = tempDir('config-');
  const dir = join(config, 'sigma-support', 'templates');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { env: { ...sandbox.env, XDG_CONFIG_HOME: config }, dir };
}

const BASE = ['submit', '--description', 'Export stops at row 10,000 (error ID 77aa)', '--no-input'];

describe('submit --template', () => {
  it('a named template fills the subject prefix, severity, CCs and the form fields', async () => {
    const { env } = withTemplates({ 'exports.toml': EXPORTS });
    const result = await runCliInProcess([...BASE, '--template', 'exports', '--subject', 'Nightly export stops'], { env });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/error|warning/i);
    const stored = sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('[Exports] Nightly export stops');
    expect(stored.cc_emails).toEqual(['data-team@example.com', 'ops@example.com']);
    const fields = new Map(stored.custom_fields.map((f) => [f.id, f.value]));
    expect(fields.get(SEVERITY_FIELD_ID)).toBe('sandbox_severity_medium');
    expect(fields.get(EXTRA.area)).toBe('area_exports');
    expect(fields.get(EXTRA.exportFormat)).toBe('fmt_pdf');
    expect(fields.get(EXTRA.affectedUsers)).toBe('12');
    expect(fields.get(EXTRA.production)).toBe(true);
    expect(fields.get(EXTRA.browsers)).toEqual(['br_chrome', 'br_firefox']);
  });

  it('a path works as well as a name; flags win over the template; the prefix is not doubled', async () => {
    const file = join(tempDir('tpl-'), 'mine.toml');
    writeFileSync(file, EXPORTS);
    const result = await runCliInProcess(
      [...BASE, '--template', file, '--subject', '[Exports] Already prefixed', '--severity', 'S3', '--cc', 'me@example.com', '--field', 'Export format=CSV', '--field', 'Affected users=3'],
      { env: sandbox.env },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/error|warning/i);
    const stored = sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('[Exports] Already prefixed');
    expect(stored.cc_emails).toEqual(['me@example.com']);
    const fields = new Map(stored.custom_fields.map((f) => [f.id, f.value]));
    expect(fields.get(SEVERITY_FIELD_ID)).toBe('sandbox_severity_low');
    expect(fields.get(EXTRA.area)).toBe('area_exports'); // from the template
    expect(fields.get(EXTRA.exportFormat)).toBe('fmt_csv'); // --field wins
    expect(fields.get(EXTRA.affectedUsers)).toBe('3');
  });

  it('a template never confirms S0: without --confirm-s0 it is refused and nothing is sent; with it, it is filed', async () => {
    const { env } = withTemplates({ 'outage.toml': 'severity = "S0"\n[fields]\n"Product area" = "Workbooks"\n' });
    const writes = sandbox.writes().length;
    const refused = await runCliInProcess([...BASE, '--template', 'outage', '--subject', 'All down'], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('outage.toml sets severity S0 (critical)');
    expect(refused.stderr).toContain('Add --confirm-s0');
    expect(sandbox.writes()).toHaveLength(writes);
    const confirmed = await runCliInProcess([...BASE, '--template', 'outage', '--subject', 'All down', '--confirm-s0'], { env });
    expect(confirmed.exitCode).toBe(0);
    const fields = new Map(sandbox.requests().at(-1)!.custom_fields.map((f) => [f.id, f.value]));
    expect(fields.get(SEVERITY_FIELD_ID)).toBe('sandbox_severity_critical');
  });

  it('a bad template is one message naming the file, the line and the key, exit 2, and nothing is sent', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['syntax.toml', 'about = "ok"\nseverity = "S2\n', ['syntax.toml: line 2, column', 'not valid TOML']],
      ['unknown.toml', 'about = "x"\nconfirm-s0 = true\n', ['unknown.toml: line 2: unknown key "confirm-s0"', 'a template may set about, subject-prefix']],
      ['type.toml', 'cc = 5\n', ['type.toml: line 1: key cc: must be an address in quotes, or a list of them']],
      ['severity.toml', '\nseverity = "urgent"\n', ['severity.toml: line 2: key severity: "urgent" is not a severity: use S0, S1, S2 or S3']],
      ['email.toml', 'cc = ["ok@example.com", "not-an-address"]\n', ['email.toml: line 1: key cc: "not-an-address" is not an email address']],
      ['fieldtype.toml', '[fields]\n"Product area" = 2026-11-28T10:00:00Z\n', ['fieldtype.toml: line 2: key fields."Product area": must be text in quotes, a number']],
      ['prefix.toml', 'subject-prefix = "two\\nlines"\n', ['prefix.toml: line 1: key subject-prefix: holds control characters or a line break']],
    ];
    const { env, dir } = withTemplates(Object.fromEntries(cases.map(([name, text]) => [name, text])));
    const writes = sandbox.writes().length;
    for (const [name, , expected] of cases) {
      const result = await runCliInProcess([...BASE, '--template', name.replace(/\.toml$/, ''), '--subject', 'x', '--severity', 'S3'], { env });
      expect(result.exitCode, name).toBe(2);
      expect(result.stderr).toContain(`error: template ${join(dir, name)}`);
      for (const e of expected) expect(result.stderr, name).toContain(e);
      expect(result.stderr).toContain('Nothing was sent. Fix the template');
      expect(result.stderr).not.toMatch(/at .*\.(c?js|ts):\d+/);
    }
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('a missing template names where it was looked for; a template field the form does not have is refused before anything is sent', async () => {
    const { env, dir } = withTemplates({ 'exports.toml': EXPORTS, 'fields.toml': '[fields]\n"Product area" = "Dashboards"\n"Nope" = "x"\n' });
    const writes = sandbox.writes().length;
    const missing = await runCliInProcess([...BASE, '--template', 'exprots', '--subject', 'x', '--severity', 'S3'], { env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`--template: no template "exprots" in ${dir} (its templates are exports, fields)`);
    const noFile = await runCliInProcess([...BASE, '--template', './not-there.toml', '--subject', 'x', '--severity', 'S3'], { env });
    expect(noFile.exitCode).toBe(2);
    expect(noFile.stderr).toContain('--template ./not-there.toml: no such file');
    const fields = await runCliInProcess([...BASE, '--template', 'fields', '--subject', 'x', '--severity', 'S3'], { env });
    expect(fields.exitCode).toBe(2);
    expect(fields.stderr).toContain(`the template ${join(dir, 'fields.toml')} has 2 problems`);
    expect(fields.stderr).toContain('key fields."Product area": "Dashboards" is not one of its options');
    expect(fields.stderr).toContain('key fields."Nope": the form has no field "Nope" that customers can set');
    expect(fields.stderr).toContain("Fix the template's [fields] table");
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it("the README's example template works as shown", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /`templates\/exports\.toml`:\n\n```toml\n([\s\S]*?)```/.exec(readme)![1]!;
    const { env } = withTemplates({ 'exports.toml': example });
    const result = await runCliInProcess([...BASE, '--template', 'exports', '--subject', 'Nightly export stops', '--field', 'Export format=CSV', '--dry-run', '--json'], { env });
    expect(result.exitCode, result.stderr).toBe(0);
    const sent = JSON.parse(result.stdout).request.request;
    expect(sent.subject).toBe('[Exports] Nightly export stops');
    expect(sent.email_ccs).toEqual([{ user_email: 'data-team@example.com', action: 'put' }]);
    expect(sent.custom_fields).toEqual(expect.arrayContaining([{ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_medium' }, { id: EXTRA.area, value: 'area_exports' }, { id: EXTRA.browsers, value: ['br_chrome', 'br_firefox'] }]));
  });

  it('--list-templates lists names with their about line and where they are; --json too; an empty folder says where to put them', async () => {
    const { env, dir } = withTemplates({ 'exports.toml': EXPORTS, 'broken.toml': 'severity = "S9"\n', 'notes.txt': 'not a template' });
    const text = await runCliInProcess(['submit', '--list-templates'], { env });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toBe('broken   (cannot be used: line 1: key severity: "S9" is not a severity: use S0, S1, S2 or S3 (or critical, high, medium, low))\nexports  Exports that fail or stop early'); // execa drops the last newline
    expect(text.stderr).toContain(`Templates in ${dir}.`);
    const json = JSON.parse((await runCliInProcess(['submit', '--list-templates', '--json'], { env })).stdout);
    expect(json).toEqual({
      folder: dir,
      templates: [
        { name: 'broken', path: join(dir, 'broken.toml'), about: null, problem: expect.stringContaining('"S9" is not a severity') },
        { name: 'exports', path: join(dir, 'exports.toml'), about: 'Exports that fail or stop early' },
      ],
    });
    const home = tempDir('home-');
    const empty = await runCliInProcess(['submit', '--list-templates'], { env: { HOME: home } });
    expect(empty.exitCode).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain(`No templates yet. Put them in ${join(home, '.config', 'sigma-support', 'templates')} as <name>.toml files`);
  });
});

describe('a draft from a templated submit', () => {
  let failing: TestSandbox;
  beforeAll(async () => {
    // the credential check gets an answer it cannot read: the submit exits 1 and keeps a draft
    failing = await startTestSandbox({ faults: [parseFault('list=bad-json:always')], formSetup: { extraFields: true } });
  });
  afterAll(() => failing.close());

  it('keeps what the template resolved: --recover files it after the template file is gone', async () => {
    const { env, dir } = withTemplates({ 'exports.toml': EXPORTS });
    const state = tempDir('state-');
    const failed = await runCliInProcess([...BASE.filter((a) => a !== '--no-input'), '--template', 'exports', '--subject', 'Kept in a draft', '--retries', '0'], {
      env: { ...env, ...failing.env, XDG_STATE_HOME: state },
    });
    expect(failed.exitCode).toBe(1);
    const draft = /sigma-support submit --recover (\S+)/.exec(failed.stderr)![1]!;
    rmSync(dir, { recursive: true });
    const recovered = await runCliInProcess(['submit', '--recover', draft, '--portal', sandbox.url.origin], { env: { ...env, XDG_STATE_HOME: state } });
    expect(recovered.stderr).toContain('Recovering the draft');
    expect(recovered.exitCode).toBe(0);
    const stored = sandbox.requests().at(-1)!;
    expect(stored.subject).toBe('[Exports] Kept in a draft');
    expect(stored.cc_emails).toEqual(['data-team@example.com', 'ops@example.com']);
    const fields = new Map(stored.custom_fields.map((f) => [f.id, f.value]));
    expect(fields.get(SEVERITY_FIELD_ID)).toBe('sandbox_severity_medium');
    expect(fields.get(EXTRA.exportFormat)).toBe('fmt_pdf');
    expect(fields.get(EXTRA.browsers)).toEqual(['br_chrome', 'br_firefox']);
  });
});
