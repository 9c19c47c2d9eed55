/**
 * A portal that answers with terminal escape sequences (the sandbox's hostile-text mode) and file
 * names with bidi overrides: nothing that could drive a terminal reaches stdout or stderr, and
 * --json keeps the data exactly, with those characters as \u escapes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_SUFFIX } from '../../src/sandbox/hostile-text.js';
import { SANDBOX_OAUTH_CLIENT_ID, SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { startCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { holdSignInPorts } from '../helpers/sign-in-ports.js';

// listens on the fixed sign-in redirect ports: one such file at a time
holdSignInPorts();

/** What a terminal acts on: C0 (but newline and tab), DEL, C1, format characters (bidi, zero-width), line/paragraph separators. */
const RAW_CONTROL = /(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029]/u;

function expectPrintable(text: string): void {
  const bad = RAW_CONTROL.exec(text);
  expect(bad ? `raw U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}: ${JSON.stringify(text.slice(Math.max(0, bad.index - 40), bad.index + 20))}` : 'none').toBe('none');
}

let sandbox: TestSandbox;
let id: number;

beforeAll(async () => {
  sandbox = await startTestSandbox({ hostileText: true });
  const auth = `Basic ${Buffer.from(`${sandbox.account.email}/token:${sandbox.account.apiToken}`).toString('base64')}`;
  const answer = await fetch(new URL('/api/v2/requests', sandbox.url), {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ request: { subject: 'Dashboard fails', comment: { body: 'First line\nsecond line' }, custom_fields: [{ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_medium' }] } }),
  });
  id = ((await answer.json()) as { request: { id: number } }).request.id;
});
afterAll(() => sandbox.close());

describe('a portal whose every text carries escape sequences', () => {
  it('requests list prints it escaped, and --json keeps the data with \\u escapes', async () => {
    const text = await runCliInProcess(['requests', 'list'], { env: sandbox.env });
    expect(text.exitCode).toBe(0);
    expectPrintable(text.stdout);
    expectPrintable(text.stderr);
    expect(text.stdout).toContain('Dashboard fails\\u{1b}]0;pwned title\\u{7}');
    expect(text.stdout).toContain('\\u{202e}gnp.exe');

    const json = await runCliInProcess(['requests', 'list', '--json'], { env: sandbox.env });
    expect(json.exitCode).toBe(0);
    expectPrintable(json.stdout);
    expect(json.stdout).toContain('\\u202e');
    expect(json.stdout).toContain('\\u009b');
    const items = JSON.parse(json.stdout) as Array<{ subject: string; status: string; updated_at: string }>;
    expect(items[0]!.subject).toBe(`Dashboard fails${HOSTILE_SUFFIX}`);
    expect(items[0]!.status).toBe(`new${HOSTILE_SUFFIX}`);
  });

  it('requests view prints subject, status, dates and comments escaped; --json keeps them', async () => {
    const text = await runCliInProcess(['requests', 'view', String(id), '--comments'], { env: sandbox.env });
    expect(text.exitCode).toBe(0);
    expectPrintable(text.stdout);
    expectPrintable(text.stderr);
    expect(text.stdout).toMatch(/Created +\d{4}-\d\d-\d\dT[\d:.]+Z\\u\{1b\}\]0;pwned title/);
    expect(text.stdout).toContain('second line\\u{1b}]0;pwned title');

    const json = await runCliInProcess(['requests', 'view', String(id), '--json'], { env: sandbox.env });
    expect(json.exitCode).toBe(0);
    expectPrintable(json.stdout);
    const view = JSON.parse(json.stdout) as { subject: string; comments: Array<{ plain_body: string }> };
    expect(view.subject).toBe(`Dashboard fails${HOSTILE_SUFFIX}`);
    expect(view.comments[0]!.plain_body).toBe(`First line\nsecond line${HOSTILE_SUFFIX}`);
  });

  it('error texts from the portal (5xx and 422 details) are printed escaped', async () => {
    sandbox.faults.add({ target: 'create', kind: '500', times: 1 });
    const failed = await runCliInProcess(['submit', '--subject', 'S', '--description', 'D', '--severity', 'S3', '--retries', '0'], { env: sandbox.env });
    sandbox.faults.clear();
    expect(failed.exitCode).not.toBe(0);
    expectPrintable(failed.stdout);
    expectPrintable(failed.stderr);
    expect(failed.stderr).toContain('\\u{1b}]0;pwned title');

    // the option tags themselves carry escapes, so the portal refuses the create (422) and echoes them in its details
    const refused = await runCliInProcess(['submit', '--subject', 'S', '--description', 'D', '--severity', 'S3'], { env: sandbox.env });
    expect(refused.exitCode).toBe(1);
    expectPrintable(refused.stderr);
    expect(refused.stderr).toMatch(/HTTP 422/);
    expect(refused.stderr).toContain('is not a valid option');
    expect(refused.stderr).toContain('\\u{202e}');
  });

  it('the dry run shows the severity tag and a bidi file name escaped', async () => {
    const dir = tempDir();
    const file = join(dir, 'x\u202egnp.exe');
    writeFileSync(file, 'MZ');
    const text = await runCliInProcess(['submit', '--dry-run', '--subject', 'S', '--description', 'D', '--severity', 'S2', '--attach', file], { env: sandbox.env });
    expect(text.exitCode).toBe(0);
    expectPrintable(text.stdout);
    expectPrintable(text.stderr);
    expect(text.stdout).toContain('x\\u{202e}gnp.exe');
    expect(text.stdout).toContain('is sent as "sandbox_severity_medium\\u{1b}]0;pwned title');

    const json = await runCliInProcess(['submit', '--dry-run', '--json', '--subject', 'S', '--description', 'D', '--severity', 'S2', '--attach', file], { env: sandbox.env });
    expect(json.exitCode).toBe(0);
    expectPrintable(json.stdout);
    const plan = JSON.parse(json.stdout) as { uploads: Array<{ name: string }>; severityField: { tag: string } };
    expect(plan.uploads[0]!.name).toBe('x\u202egnp.exe');
    expect(plan.severityField.tag).toBe(`sandbox_severity_medium${HOSTILE_SUFFIX}`);
  });

  it("OAuth: the account's email and the portal's OAuth error are printed escaped", async () => {
    /** Plays the browser for `auth login --web`, with the code the portal gave or another one. */
    async function webLogin(code?: string) {
      const home = tempDir('home-');
      const child = startCli(['auth', 'login', '--web', '--client-id', SANDBOX_OAUTH_CLIENT_ID, '--no-browser', '--insecure-storage', '--portal', sandbox.url.origin], {
        env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
      });
      const authorize = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stderr!.on('data', (d: Buffer) => {
          text += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorizations\/new\S+/.exec(text);
          if (m) resolve(m[0]);
        });
        child.stderr!.once('end', () => reject(new Error(text)));
      });
      const approved = await fetch(authorize, { redirect: 'manual' });
      const callback = new URL(approved.headers.get('location')!);
      if (code) callback.searchParams.set('code', code);
      await fetch(callback).catch(() => undefined);
      const result = await child;
      return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
    }

    const ok = await webLogin();
    expect(ok.exitCode).toBe(0);
    expectPrintable(ok.stderr);
    expect(ok.stderr).toContain('as sandbox@example.com\\u{1b}]0;pwned title');

    const refused = await webLogin('not-the-code');
    expect(refused.exitCode).toBe(4);
    expectPrintable(refused.stderr);
    expect(refused.stderr).toMatch(/refused the OAuth sign-in \(.*\\u\{1b\}\]0;pwned title/);
  });
});
