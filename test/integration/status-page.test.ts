import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_SUFFIX } from '../../src/sandbox/hostile-text.js';
import { startCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
afterEach(() => {
  sandbox.statusPage.rawAnswer = undefined;
});

const statusUrl = () => `${sandbox.url.origin}/status`;

describe('sigma-support status', () => {
  it('shows the components not operational and the unresolved incidents, with their latest update and link', async () => {
    const id = sandbox.statusPage.declare('Workbooks fail to load in EU', 'Identified: a storage node is down.');
    try {
      const text = await runCliInProcess(['status', '--status-url', statusUrl()]);
      expect(text.exitCode).toBe(0);
      expect(text.stdout).toContain('Sigma application: major outage');
      expect(text.stdout).toContain('Workbooks fail to load in EU (investigating, major impact)');
      expect(text.stdout).toContain('Identified: a storage node is down.');
      expect(text.stdout).toContain(`${statusUrl()}/incidents/${id}`);

      // the sandbox portal's own page is the default for a portal on loopback
      const json = await runCliInProcess(['status', '--json'], { env: { SIGMA_SUPPORT_URL: sandbox.url.origin } });
      expect(json.exitCode).toBe(0);
      const parsed = JSON.parse(json.stdout) as { url: string; incidents: Array<{ name: string; link: string; latestUpdate: { body: string } }> };
      expect(parsed.url).toBe(statusUrl());
      expect(parsed.incidents).toHaveLength(1);
      expect(parsed.incidents[0]).toMatchObject({ name: 'Workbooks fail to load in EU', link: `${statusUrl()}/incidents/${id}`, latestUpdate: { body: 'Identified: a storage node is down.' } });
    } finally {
      sandbox.statusPage.resolve(id);
    }
    const after = await runCliInProcess(['status', '--status-url', statusUrl()]);
    expect(after.stdout).toContain('Every component is operational.');
    expect(after.stdout).toContain('No unresolved incidents.');
  });

  it('reads the address from SIGMA_SUPPORT_STATUS_URL and from the config key status-url', async () => {
    const env = { SIGMA_SUPPORT_STATUS_URL: statusUrl() };
    expect((await runCliInProcess(['status', '--json'], { env })).exitCode).toBe(0);
    const home = (await import('../helpers/files.js')).tempDir('home-');
    expect((await runCliInProcess(['config', 'set', 'status-url', statusUrl()], { env: { HOME: home } })).exitCode).toBe(0);
    const fromConfig = await runCliInProcess(['status', '--json'], { env: { HOME: home } });
    expect(fromConfig.exitCode).toBe(0);
    expect(JSON.parse(fromConfig.stdout).url).toBe(statusUrl());
  });

  it('treats the page as untrusted: escape sequences shown escaped, unsafe links replaced, size bounded', async () => {
    sandbox.statusPage.rawAnswer = {
      status: 200,
      body: JSON.stringify({
        page: { name: 'Evil\u001b]0;owned\u0007 page' },
        components: [{ name: 'API\u001b[2J', status: 'partial_outage' }],
        incidents: [{ id: 'x1', name: 'Outage\u001b[31m red', status: 'investigating', impact: 'major', shortlink: 'javascript:alert(1)', incident_updates: [{ body: 'b\u009b2Jody', created_at: '2026-11-28T10:00:00Z' }] }],
      }),
    };
    const result = await runCliInProcess(['status', '--status-url', statusUrl()]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(result.stdout).toContain('Outage\\u{1b}[31m red');
    expect(result.stdout).not.toContain('javascript:');
    expect(result.stdout).toContain(`${statusUrl()}/incidents/x1`);
    // --json keeps the text, with C1 and bidi/format characters escaped as \u sequences
    sandbox.statusPage.rawAnswer = { status: 200, body: JSON.stringify({ page: { name: 'Sigma' }, incidents: [{ id: 'x2', name: 'exe.\u202etxt outage \u009b2J', status: 'investigating' }] }) };
    const json = await runCliInProcess(['status', '--status-url', statusUrl(), '--json']);
    expect(json.exitCode).toBe(0);
    expect(json.stdout).not.toMatch(/[\u202e\u009b]/);
    expect(json.stdout).toContain('\\u202e');
    expect(JSON.parse(json.stdout).incidents[0].name).toContain('\u202e');

    sandbox.statusPage.rawAnswer = { status: 200, body: `{"incidents":[${'{"name":"x"},'.repeat(200_000)}{}]}` };
    const big = await runCliInProcess(['status', '--status-url', statusUrl()]);
    expect(big.exitCode).toBe(1);
    expect(big.stderr).toContain('larger than 1048576 bytes');

    sandbox.statusPage.rawAnswer = { status: 200, body: '<html>maintenance</html>', contentType: 'text/html' };
    const html = await runCliInProcess(['status', '--status-url', statusUrl()]);
    expect(html.exitCode).toBe(1);
    expect(html.stderr).toContain('not JSON');

    sandbox.statusPage.rawAnswer = { status: 302, body: '' };
    const moved = await runCliInProcess(['status', '--status-url', statusUrl()]);
    expect(moved.exitCode).toBe(1);
    expect(moved.stderr).toContain('redirected elsewhere');
  });

  it('refuses a plain-http page off loopback before any call', async () => {
    const result = await runCliInProcess(['status', '--status-url', 'http://status.example.com']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--status-url');
  });
});

describe('a sandbox in hostile-text mode (sandbox --hostile-text)', () => {
  /** What a terminal acts on: C0 (but newline and tab), DEL, C1, format characters (bidi, zero-width), line/paragraph separators. */
  const RAW_CONTROL = /(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029]/u;

  it('puts escape sequences in its status page too, which `status` shows escaped and --json keeps', async () => {
    const hostile = await startTestSandbox({ hostileText: true, incidents: ['Logins fail'] });
    try {
      const url = `${hostile.url.origin}/status`;
      const text = await runCliInProcess(['status', '--status-url', url]);
      expect(text.exitCode).toBe(0);
      expect(RAW_CONTROL.exec(text.stdout)).toBeNull();
      expect(RAW_CONTROL.exec(text.stderr)).toBeNull();
      expect(text.stdout).toContain('Logins fail\\u{1b}]0;pwned title\\u{7}');
      expect(text.stdout).toContain('We are investigating reports of this problem.\\u{1b}]0;pwned title');

      const json = await runCliInProcess(['status', '--status-url', url, '--json']);
      expect(json.exitCode).toBe(0);
      expect(RAW_CONTROL.exec(json.stdout)).toBeNull();
      const parsed = JSON.parse(json.stdout) as { incidents: Array<{ name: string; latestUpdate: { body: string } }> };
      // the data as sent, but for the trailing U+FEFF, which the CLI trims as white space
      expect(parsed.incidents.map((i) => i.name)).toEqual([`Logins fail${HOSTILE_SUFFIX}`.trim()]);
      expect(parsed.incidents[0]!.latestUpdate.body).toBe(`We are investigating reports of this problem.${HOSTILE_SUFFIX}`.trim());
    } finally {
      await hostile.close();
    }
  });
});

describe('the status check in scripts', () => {
  const args = ['submit', '--subject', 'Exports fail', '--description', 'Every export returns error 500 (ID 42)', '--severity', 'S1', '--json'];

  it('names unresolved incidents on stderr and in --json as status_incidents, and still files', async () => {
    const id = sandbox.statusPage.declare('Exports delayed');
    try {
      const before = sandbox.requests().length;
      const result = await runCliInProcess(args, { env: sandbox.env });
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain('lists 1 unresolved incident');
      expect(result.stderr).toContain('Exports delayed');
      const out = JSON.parse(result.stdout) as { id: number; status_incidents: Array<{ name: string }> };
      expect(out.status_incidents.map((i) => i.name)).toEqual(['Exports delayed']);
      expect(sandbox.requests()).toHaveLength(before + 1);
      // S2 and S3 are not checked
      const s2 = await runCliInProcess([...args.slice(0, 6), 'S2', '--json'], { env: sandbox.env });
      expect(s2.exitCode).toBe(0);
      expect(s2.stderr).not.toContain('incident');
      expect(JSON.parse(s2.stdout).status_incidents).toBeUndefined();
    } finally {
      sandbox.statusPage.resolve(id);
    }
  });

  it('a page that never answers is given up after the bound: one line, and the request is filed', async () => {
    sandbox.statusPage.rawAnswer = { status: 0, body: '' };
    const result = await runCliInProcess(args, { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('could not be checked: no answer within 2 s. Going on.');
    expect(JSON.parse(result.stdout).id).toEqual(expect.any(Number));
  });

  it('an unreachable page is one line, and the request is filed', async () => {
    const result = await runCliInProcess(args, { env: { ...sandbox.env, SIGMA_SUPPORT_STATUS_URL: 'http://127.0.0.1:9' } });
    expect(result.exitCode).toBe(0);
    expect(result.stderr.split('\n').filter((l) => l.includes('status page'))).toEqual([expect.stringContaining('could not be checked')]);
    expect(JSON.parse(result.stdout).id).toEqual(expect.any(Number));
  });
});

describe('sandbox --incident', () => {
  it('serves a status page with the declared incidents, which `status` reads', async () => {
    const child = startCli(['sandbox', '--port', '0', '--incident', 'Exports delayed in US-East']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /Status page: (http:\/\/127\.0\.0\.1:\d+\/status)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(`the sandbox stopped: ${out}`)));
      });
      const result = await runCliInProcess(['status', '--status-url', url]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('Exports delayed in US-East (investigating, major impact)');
    } finally {
      child.kill('SIGTERM');
      await child;
    }
  });
});
