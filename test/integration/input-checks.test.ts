/**
 * Smaller input defects, each through the real CLI against the sandbox: email addresses by the
 * RFCs, arguments that are not UTF-8, one bound for the timeout wherever it is given, and config
 * keys with regular-expression characters.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const fields = ['--subject', 'Checks', '--description', 'Input checks', '--severity', 'S3'];

describe('email addresses (RFC 5321/5322, IDN)', () => {
  it("accepts o'brien@, user!x@, a=b@ and international addresses, and sends them as given", async () => {
    const cc = ["o'brien@example.com", 'user!x@example.com', 'a=b@example.com', 'jörg@bücher.de', 'ana@xn--bcher-kva.de'];
    const result = await runCliInProcess(['submit', '--dry-run', '--json', ...fields, '--cc', cc.join(',')], { env: sandbox.env });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout) as { request: { request: { email_ccs: Array<{ user_email: string }> } } };
    expect(plan.request.request.email_ccs.map((c) => c.user_email)).toEqual(cc);
  });

  it('refuses a local part over 64 characters, naming --cc, and sends nothing', async () => {
    const before = sandbox.store.readJournal().length;
    const long = `${'x'.repeat(65)}@example.com`;
    const result = await runCliInProcess(['submit', ...fields, '--cc', long], { env: sandbox.env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--cc: "x{65}@example\.com" is not an email address \(address local part too long\)/);
    expect(sandbox.store.readJournal().slice(before)).toEqual([]);
    expect((await runCliInProcess(['submit', '--dry-run', ...fields, '--cc', `${'x'.repeat(64)}@example.com`], { env: sandbox.env })).exitCode).toBe(0);
  });
});

describe('arguments that are not UTF-8', () => {
  /** Runs the CLI with a subject holding the byte 0xE9 (Latin-1 "é"), which is not UTF-8. */
  function withLatin1Subject(extra: string[]) {
    return execa('sh', ['-c', `exec "$0" "$1" submit --subject "$(printf 'Caf\\351 down')" "$@"`, process.execPath, BIN, ...extra], {
      env: cleanEnv(sandbox.env),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
  }

  it('refuses an argument whose bytes are not UTF-8, naming its flag, and sends nothing', async () => {
    const before = sandbox.store.readJournal().length;
    const result = await withLatin1Subject(['--description', 'x', '--severity', 'S3']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: --subject: is not valid UTF-8 text/);
    expect(sandbox.store.readJournal().slice(before)).toEqual([]);
  });

  // The command line's own bytes are read (/proc/self/cmdline): only a process of its own has them.
  it('accepts a replacement character that was really typed', async () => {
    const result = await runCli(['submit', '--dry-run', '--json', '--subject', 'Caf\uFFFD', '--description', 'x', '--severity', 'S3'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).request.request.subject).toBe('Caf\uFFFD');
  });
});

describe('the timeout has one bound: flag, environment and config agree', () => {
  it('refuses 3601 seconds from each of the three, and accepts 3600', async () => {
    const flag = await runCliInProcess(['submit', '--dry-run', ...fields, '--timeout', '3601'], { env: sandbox.env });
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toMatch(/--timeout.*give a number above 0 and at most 3600 \(seconds\)/);
    const fromEnv = await runCliInProcess(['submit', '--dry-run', ...fields], { env: { ...sandbox.env, SIGMA_SUPPORT_TIMEOUT: '3601' } });
    expect(fromEnv.exitCode).toBe(2);
    expect(fromEnv.stderr).toMatch(/SIGMA_SUPPORT_TIMEOUT: give a number above 0 and at most 3600 \(seconds\)/);
    const home = tempDir('home-');
    const set = await runCliInProcess(['config', 'set', 'timeout', '3601'], { env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
    expect(set.exitCode).toBe(2);
    expect(set.stderr).toMatch(/timeout: give a number above 0 and at most 3600 \(seconds\)/);
    expect((await runCliInProcess(['submit', '--dry-run', ...fields, '--timeout', '3600'], { env: sandbox.env })).exitCode).toBe(0);
    expect((await runCliInProcess(['requests', 'list', '--timeout', '99999'], { env: sandbox.env })).exitCode).toBe(2);
  });
});

describe('config keys with regular-expression characters', () => {
  it('an unknown key in the file is reported as unknown, with its line (exit 2)', async () => {
    const home = tempDir('home-');
    mkdirSync(join(home, '.config', 'sigma-support'), { recursive: true });
    writeFileSync(join(home, '.config', 'sigma-support', 'config.toml'), 'timeout = 30\n"a(b[" = 1\n');
    const result = await runCliInProcess(['config', 'list'], { env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/config\.toml: line 2: key "a\(b\[": unknown key \(known: portal/);
  });

  it('names of object properties are not config keys', async () => {
    const home = tempDir('home-');
    for (const name of ['constructor', '__proto__', 'toString']) {
      const result = await runCliInProcess(['config', 'get', name], { env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`"${name}" is not a config key`);
    }
  });
});
