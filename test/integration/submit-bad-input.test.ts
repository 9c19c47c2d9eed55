import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { sampleAttachments, tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { defaultTicketFields } from '../../src/sandbox/fixtures.js';

const dir = tempDir();
const ok = join(dir, 'ok.log');
writeFileSync(ok, 'fine');
const empty = join(dir, 'empty.log');
writeFileSync(empty, '');
const folder = join(dir, 'logs');
mkdirSync(folder);
const unreadable = join(dir, 'secret.log');
writeFileSync(unreadable, 'no');
chmodSync(unreadable, 0o000);
const huge = join(dir, 'huge.bin');
writeFileSync(huge, '');
truncateSync(huge, 50 * 1024 * 1024 + 1);
const fifo = join(dir, 'pipe');
execFileSync('mkfifo', [fifo]);
const latin1 = join(dir, 'latin1.txt');
writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));


const base = ['submit', '--subject', 'Dashboard fails', '--description', 'Error ID 42', '--severity', 'S2'];
const without = (flag: string) => {
  const i = base.indexOf(flag);
  return [...base.slice(0, i), ...base.slice(i + 2)];
};

interface Case {
  name: string;
  args: string[];
  code: number;
  message: RegExp;
  env?: Record<string, string | undefined>;
  obeyFileModes?: boolean;
}

const cases: Case[] = [
  { name: 'a missing file', args: [...base, '--attach', join(dir, 'missing.log')], code: 2, message: /--attach \S*missing\.log: no such file: check the path/ },
  { name: 'a directory', args: [...base, '--attach', folder], code: 2, message: /--attach \S*logs: is a folder/ },
  { name: 'an unreadable file', args: [...base, '--attach', unreadable], code: 2, message: /--attach \S*secret\.log: cannot be read \(permission denied\)/, obeyFileModes: true },
  { name: 'an empty file', args: [...base, '--attach', empty], code: 2, message: /--attach \S*empty\.log: is empty/ },
  { name: 'a file over the limit', args: [...base, '--attach', huge], code: 2, message: /--attach \S*huge\.bin: is 52428801 bytes, over the limit of 52428800 bytes per file/ },
  { name: 'a FIFO', args: [...base, '--attach', fifo], code: 2, message: /--attach \S*pipe: is not a regular file/ },
  { name: 'a malformed CC', args: [...base, '--cc', 'ana@example.com,not-an-email'], code: 2, message: /--cc: "not-an-email" is not an email address/ },
  { name: 'an empty subject', args: ['submit', '--subject', '  ', '--description', 'x', '--severity', 'S2'], code: 2, message: /--subject: cannot be empty/ },
  { name: 'escape sequences in the subject', args: ['submit', '--subject', 'a\u001b[2Jb', '--description', 'x', '--severity', 'S2'], code: 2, message: /--subject: contains control characters/ },
  { name: 'an unknown severity', args: [...without('--severity'), '--severity', 'urgent'], code: 2, message: /--severity: "urgent" is not a severity: use S0, S1, S2 or S3/ },
  {
    name: 'an unknown severity with other problems: all reported at once',
    args: ['submit', '--subject', ' ', '--description', 'x', '--severity', 'urgent', '--cc', 'nope', '--attach', join(dir, 'missing.log')],
    code: 2,
    message: /the request has 4 problems:\n {2}- --cc: "nope" is not an email address.*\n {2}- --subject: cannot be empty.*\n {2}- --severity: "urgent" is not a severity.*\n {2}- --attach \S*missing\.log: no such file/,
  },
  { name: 'an unknown severity and a missing subject', args: ['submit', '--description', 'x', '--severity', 'urgent'], code: 2, message: /missing --subject\n--severity: "urgent" is not a severity/ },
  { name: 'S0 without --confirm-s0 and without a terminal', args: [...without('--severity'), '--severity', 'critical', '--yes'], code: 2, message: /S0 \(critical\) pages the on-call.*\n.*--confirm-s0/ },
  { name: 'missing flags with stdin closed', args: ['submit', '--cc', 'ana@example.com'], code: 2, message: /missing --subject, --description \(or --description-file, or --editor on a terminal\), --severity/ },
  { name: 'two descriptions', args: [...base, '--description-file', ok], code: 2, message: /give the description only one way/ },
  { name: '--editor without a terminal', args: [...without('--description'), '--editor'], code: 2, message: /--editor needs a terminal/ },
  { name: 'a description file that is not UTF-8', args: [...without('--description'), '--description-file', latin1], code: 2, message: /--description-file \S*latin1\.txt: is not valid UTF-8/ },
  { name: 'a plain-http portal off loopback', args: [...base, '--portal', 'http://support.example.com'], code: 2, message: /plain http is refused for support\.example\.com/ },
  { name: 'an unknown flag', args: [...base, '--severty', 'S1'], code: 2, message: /unknown option '--severty'/ },
  { name: 'no credentials', args: base, code: 4, message: /no Sigma Support credentials found\nLog in with `sigma-support auth login --web`[\s\S]*SIGMA_SUPPORT_TOKEN/, env: { SIGMA_SUPPORT_EMAIL: undefined, SIGMA_SUPPORT_TOKEN: undefined } },
  { name: 'wrong credentials', args: base, code: 4, message: /did not accept the credentials.*HTTP 401/, env: { SIGMA_SUPPORT_TOKEN: 'wrong-token' } },
];

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe('bad input: one clear message, the documented exit code, nothing sent', () => {
  it.each(cases)('$name → exit $code', async ({ args, code, message, env, obeyFileModes }) => {
    const writes = sandbox.writes().length;
    // File modes apply to root only in a process run without its capabilities (runCli's obeyFileModes).
    const result = obeyFileModes ? await runCli(args, { env: { ...sandbox.env, ...env }, obeyFileModes }) : await runCliInProcess(args, { env: { ...sandbox.env, ...env } });
    expect(result.stderr).toMatch(message);
    expect(result.exitCode).toBe(code);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    expect(result.stdout).toBe('');
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('never waits on a piped stdin that stays open', async () => {
    const child = execa(process.execPath, [BIN, 'submit', '--subject', 'x'], { env: cleanEnv(sandbox.env), extendEnv: false, reject: false, stdin: 'pipe', timeout: 30_000 });
    const result = await child;
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/missing --description .*--severity/);
  });

  it('shows the stack trace with --debug only', async () => {
    const result = await runCliInProcess(['--debug', ...without('--severity'), '--severity', 'urgent'], { env: sandbox.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

describe('portal failures: exit 1, nothing half-sent', () => {
  it('a portal without a Severity field gets a clear error before any write', async () => {
    const portal = await startTestSandbox({ ticketFields: defaultTicketFields().filter((f) => !/severity/i.test(f.title_in_portal)) });
    try {
      const result = await runCliInProcess(base, { env: portal.env });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/cannot file requests through 127\.0\.0\.1:\d+: the portal has no active Severity field/);
      expect(portal.writes()).toEqual([]);
    } finally {
      await portal.close();
    }
  });

  it('a refused upload creates no request and deletes the uploads already made', async () => {
    const portal = await startTestSandbox({ maxUploadBytes: 1_000_000 });
    try {
      const files = sampleAttachments();
      const result = await runCliInProcess([...base, '--attach', files.log, '--attach', files.binary], { env: portal.env });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/refused \S*heap snapshot \(1\)\.bin \(1300000 bytes\): it is over the portal's size limit \(HTTP 413\)/);
      expect(portal.requests()).toEqual([]);
      expect([...portal.store.uploads.values()]).toEqual([]);
      expect(portal.writes().map((w) => `${w.method} ${w.status}`).sort()).toEqual(['DELETE 204', 'POST 201', 'POST 413']);
    } finally {
      await portal.close();
    }
  });

  it('a 422 shows every detail by field', async () => {
    const fields = defaultTicketFields();
    fields.push({ ...fields.find((f) => f.type === 'text')!, id: 555, title: 'Sigma org', title_in_portal: 'Sigma organization', required_in_portal: true, editable_in_portal: false });
    // (not editable by customers, so the CLI cannot ask it: only the portal's 422 can tell)
    const portal = await startTestSandbox({ ticketFields: fields });
    try {
      const result = await runCliInProcess(base, { env: portal.env });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/refused creating the request \(HTTP 422: RecordInvalid: Record validation errors\):\n  - 555: Sigma organization: cannot be blank/);
      expect(portal.requests()).toEqual([]);
    } finally {
      await portal.close();
    }
  });

  it('an unreachable portal says so', async () => {
    const portal = await startTestSandbox();
    const env = portal.env;
    await portal.close();
    const result = await runCliInProcess(base, { env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/cannot reach 127\.0\.0\.1:\d+ \(connection refused\)/);
  });
});
