// The fast `auth status` (dist/auth-status.cjs, which bin/sigma-support.cjs tries first) against the
// full CLI (dist/cli.cjs, run by test/fixtures/full-cli.cjs as the bin runs it for every other
// command line): the same bytes on stdout and stderr, and the same exit code, for each form. Which
// bundle answered is recorded (test/fixtures/record-loads.cjs), so a case meant for the fast path
// fails if it quietly went to the full CLI, and the other way round.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const FULL = join(ROOT, 'test', 'fixtures', 'full-cli.cjs');
const RECORD_LOADS = join(ROOT, 'test', 'fixtures', 'record-loads.cjs');

interface Outcome {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** The dist/ bundles the process loaded. */
  loads: string[];
}

/** Runs `node <script> <args>` with the environment, every byte of the output kept. Arguments may be raw bytes (a shell passes them). */
async function run(script: string, args: ReadonlyArray<string | Buffer>, env: Record<string, string | undefined>): Promise<Outcome> {
  const record = join(tempDir('loads-'), 'loads.txt');
  const fullEnv = cleanEnv({ ...env, SIGMA_TEST_LOADS: record, NODE_OPTIONS: `--require ${RECORD_LOADS}` });
  // Node cannot pass bytes that are not UTF-8 in argv: printf in a shell makes them.
  const words = args.map((a, i) => (Buffer.isBuffer(a) ? `"$(printf '${[...a].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')}')"` : `"\${${i + 3}}"`));
  const result = await execa('/bin/sh', ['-c', `exec "$1" "$2" ${words.join(' ')}`, 'sh', process.execPath, script, ...args.map((a) => (Buffer.isBuffer(a) ? '' : a))], {
    env: fullEnv,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    timeout: 60_000,
  });
  const loads = existsSync(record) ? [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean).map((p) => basename(p)))].sort() : [];
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), loads };
}

/** Runs the command line through the bin and through the full CLI; expects the same outcome, and says which bundle the bin used. */
async function both(args: ReadonlyArray<string | Buffer>, env: Record<string, string | undefined> = {}): Promise<Outcome & { path: 'fast' | 'full' }> {
  const [bin, full] = await Promise.all([run(BIN, args, env), run(FULL, args, env)]);
  expect(full.loads).toContain('cli.cjs');
  expect(full.loads).not.toContain('auth-status.cjs');
  expect({ exitCode: bin.exitCode, stdout: bin.stdout, stderr: bin.stderr }).toEqual({ exitCode: full.exitCode, stdout: full.stdout, stderr: full.stderr });
  expect(bin.stderr).not.toContain('unexpected failure');
  // (the keychain helper, a process of its own, records its bundle too)
  const path = bin.loads.includes('cli.cjs') ? 'full' : 'fast';
  if (path === 'fast') expect(bin.loads).toEqual(['auth-status.cjs']);
  return { ...bin, path };
}

/** A HOME with this config.toml and profiles.json. */
function home(files: { config?: string; profiles?: unknown; credentials?: unknown } = {}): string {
  const dir = tempDir('home-');
  const config = join(dir, '.config', 'sigma-support');
  mkdirSync(config, { recursive: true });
  if (files.config !== undefined) writeFileSync(join(config, 'config.toml'), files.config);
  if (files.profiles !== undefined) writeFileSync(join(config, 'profiles.json'), JSON.stringify(files.profiles), { mode: 0o600 });
  if (files.credentials !== undefined) writeFileSync(join(config, 'insecure-credentials.json'), JSON.stringify(files.credentials), { mode: 0o600 });
  return dir;
}

describe('answered by the fast path, as the full CLI answers', () => {
  const cases: Array<[string, string[], Record<string, string | undefined>, number]> = [
    ['no credentials, JSON', ['auth', 'status', '--json'], {}, 4],
    ['no credentials, text', ['auth', 'status'], {}, 4],
    ['colours allowed by the environment', ['auth', 'status'], { NO_COLOR: undefined, FORCE_COLOR: '1' }, 4],
    ['a profile with no login, before the command', ['--profile', 'staging', 'auth', 'status', '--json'], {}, 4],
    ['global flags after the command, inline values', ['auth', 'status', '--profile=staging', '--no-color', '--portal=https://support.example.com/hc/en-us'], {}, 4],
    ['global flags everywhere, repeated', ['--no-color', 'auth', '--profile', 'a', 'status', '--no-color', '--profile', 'b', '--json', '--json'], { NO_COLOR: undefined }, 4],
    ['a loopback portal over http', ['auth', 'status', '--portal', 'http://127.0.0.1:9'], {}, 4],
    ['a portal over plain http elsewhere', ['auth', 'status', '--portal', 'http://support.example.com'], {}, 2],
    ['a portal that is not a URL', ['auth', 'status', '--portal='], {}, 2],
    ['a profile name that could not be a file key', ['--profile', '../etc', 'auth', 'status'], {}, 2],
    ['an empty profile name', ['auth', 'status', '--profile='], {}, 2],
    ['a token without its email', ['auth', 'status', '--json'], { SIGMA_SUPPORT_TOKEN: 'x' }, 2],
    ['an empty credential variable counts as unset', ['auth', 'status', '--json'], { SIGMA_SUPPORT_TOKEN: '', SIGMA_SUPPORT_OAUTH_TOKEN: '' }, 4],
    ['hostile text in the portal address', ['auth', 'status', '--portal', 'https://support.example.com\u001b]8;;x\u0007'], {}, 2],
  ];
  it.each(cases)('%s', async (_, args, env, exitCode) => {
    const outcome = await both(args, { HOME: home(), ...env });
    expect(outcome.path).toBe('fast');
    expect(outcome.exitCode).toBe(exitCode);
  });

  it('a profiles file that is not JSON', async () => {
    const dir = home();
    writeFileSync(join(dir, '.config', 'sigma-support', 'profiles.json'), '{"profiles":');
    const outcome = await both(['auth', 'status', '--json'], { HOME: dir });
    expect(outcome.path).toBe('fast');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain('profiles.json: is not valid JSON');
  });

  it('a flag value that is not UTF-8 is refused with the same message', async () => {
    const outcome = await both(['auth', 'status', '--profile', Buffer.from([0x61, 0xff])], { HOME: home() });
    expect(outcome.path).toBe('fast');
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toContain('--profile: is not valid UTF-8 text');
  });
});

describe('handed over to the full CLI', () => {
  it('credentials in the environment are checked with the portal, accepted or refused', async () => {
    const accepted = await both(['auth', 'status', '--json'], { HOME: home(), ...sandbox.env });
    expect(accepted.path).toBe('full');
    expect(accepted.exitCode).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ loggedIn: true, source: 'environment', accepted: true });
    const refused = await both(['auth', 'status'], { HOME: home(), ...sandbox.env, SIGMA_SUPPORT_TOKEN: 'nope' });
    expect(refused.path).toBe('full');
    expect(refused.exitCode).toBe(4);
  });

  it('a profile with its secret in the file, in the keychain (none here), or for another portal', async () => {
    const account = `default:${sandbox.url.host}:${sandbox.account.email}`;
    const profile = (storage: string, portal = sandbox.url.origin) => ({ profiles: { default: { portal, email: sandbox.account.email, method: 'token', storage } } });
    const file = await both(['auth', 'status', '--json'], { HOME: home({ profiles: profile('file'), credentials: { [account]: sandbox.account.apiToken } }), SIGMA_SUPPORT_URL: sandbox.url.origin });
    expect(JSON.parse(file.stdout)).toMatchObject({ loggedIn: true, source: 'file', accepted: true });
    const keychain = await both(['auth', 'status'], { HOME: home({ profiles: profile('keychain') }), DBUS_SESSION_BUS_ADDRESS: undefined });
    // the keychain is looked in: this machine's answers that it has no such secret, or that there is no keychain
    expect(keychain.stdout).toMatch(/its secret is missing from the OS keychain|the OS keychain is not available/);
    const elsewhere = await both(['auth', 'status', '--json'], { HOME: home({ profiles: profile('file', 'https://support.example.com') }) });
    expect(elsewhere.exitCode).toBe(4);
    for (const outcome of [file, keychain, elsewhere]) expect(outcome.path).toBe('full');
  });

  it('a config file, good or broken, a broken profiles file, and a setting in the environment', async () => {
    const outcomes = [
      await both(['auth', 'status'], { HOME: home({ config: 'portal = "https://support.example.com"\nprofile = "staging"\n' }) }),
      await both(['auth', 'status'], { HOME: home({ config: 'portal = \n' }) }),
      await both(['auth', 'status'], { HOME: home({ config: 'colour = "red"\n' }) }),
      await both(['auth', 'status', '--json'], { HOME: home({ profiles: { profiles: { default: { portal: 'nope' } } } }) }),
      await both(['auth', 'status', '--json'], { HOME: home(), SIGMA_SUPPORT_PROFILE: 'ci' }),
      await both(['auth', 'status', '--json'], { HOME: home(), SIGMA_SUPPORT_URL: 'ftp://x' }),
    ];
    expect(outcomes.map((o) => [o.path, o.exitCode])).toEqual([['full', 4], ['full', 2], ['full', 2], ['full', 2], ['full', 4], ['full', 2]]);
  });

  it('command lines it does not read completely', async () => {
    const lines = [
      ['auth', 'status', '--portal', '--json'],
      ['auth', '--json', 'status'],
      ['auth', 'status', 'extra'],
      ['status', 'auth'],
      ['auth', 'status', '--jsn'],
      ['auth', 'status', '--profile'],
      ['auth', 'status', '--'],
    ];
    for (const args of lines) expect((await both(args, { HOME: home() })).path, args.join(' ')).toBe('full');
    // --debug prints stack traces, which name the bundle's files: only where it goes is compared
    expect((await run(BIN, ['auth', 'status', '--debug'], { HOME: home() })).loads).toEqual(['cli.cjs']);
  });
});
