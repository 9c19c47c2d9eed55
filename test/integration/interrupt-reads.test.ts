// Ctrl-C while the CLI waits for a portal that does not answer a read (the credentials check, the
// Severity field, the form, a list): it stops at once with exit 130, no retry after it, the draft kept.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetOf, type FaultTarget } from '../../src/sandbox/faults.js';
import { startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';
import { arrivalOf, useFaultySandbox, type TestSandbox } from '../helpers/sandbox.js';

const faulty = useFaultySandbox();

/**
 * Runs the CLI, sends it SIGINT once the hanging call has arrived, and waits for it to end. The
 * --timeout (where the command has one) only bounds a CLI that ignores the SIGINT: it then times out,
 * retries, and gets its answer, which the assertions catch.
 */
async function interruptAt(target: FaultTarget, args: readonly string[], env: Record<string, string>, sandbox: TestSandbox, input?: string) {
  const arrived = arrivalOf(sandbox, target);
  const child = startCli(args, { env, input });
  await arrived;
  process.kill(child.pid!, 'SIGINT');
  const result = await child;
  return { exitCode: result.exitCode, stderr: String(result.stderr), stdout: String(result.stdout), calls: sandbox.store.readJournal().filter((e) => targetOf(e.method, e.path.split('?')[0]!) === target) };
}

/** What every interrupted command shows: exit 130, no retry after the SIGINT, no stack trace, the hung call sent once. */
function expectStoppedAtOnce(run: Awaited<ReturnType<typeof interruptAt>>): void {
  expect(run.stderr).toMatch(/Interrupted by SIGINT/);
  expect(run.stderr).not.toMatch(/retrying/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.calls).toHaveLength(1);
  expect(run.exitCode).toBe(130);
}

describe('Ctrl-C while a submit waits for its first reads', () => {
  const fields = ['--subject', 'Stopped while reading', '--description', 'The portal hung', '--severity', 'S2', '--cc', 'ana@example.com', '--timeout', '10'];

  it.each(['list', 'fields', 'forms'] as const)('%s=hang: exit 130 at once, nothing sent, the draft keeps what was given', async (target) => {
    const sandbox = await faulty(`${target}=hang`);
    const state = tempDir('sigma-state-');
    const run = await interruptAt(target, ['submit', ...fields], { ...sandbox.env, XDG_STATE_HOME: state }, sandbox);
    expectStoppedAtOnce(run);
    expect(run.stderr).toMatch(/sigma-support submit --recover \S+/);
    expect(sandbox.writes()).toEqual([]);
    const dir = join(state, 'sigma-support', 'drafts');
    const drafts = readdirSync(dir).filter((n) => n.endsWith('.json'));
    expect(drafts).toHaveLength(1);
    const draft = JSON.parse(readFileSync(join(dir, drafts[0]!), 'utf8')) as { fields: Record<string, unknown>; createSentAt?: string };
    expect(draft.fields).toMatchObject({ subject: 'Stopped while reading', description: 'The portal hung', severity: 'S2', cc: ['ana@example.com'] });
    expect(draft.createSentAt).toBeUndefined();
  });
});

describe('Ctrl-C while the other commands wait for the portal', () => {
  it('requests list, the list hanging: exit 130', async () => {
    const sandbox = await faulty('list=hang');
    expectStoppedAtOnce(await interruptAt('list', ['requests', 'list', '--timeout', '10'], sandbox.env, sandbox));
  });

  it('requests list, the Severity field hanging: exit 130, and no list printed as if all went well', async () => {
    const sandbox = await faulty('fields=hang');
    await sandbox.seed();
    const run = await interruptAt('fields', ['requests', 'list', '--timeout', '10'], sandbox.env, sandbox);
    expectStoppedAtOnce(run);
    expect(run.stdout).toBe('');
  });

  it('requests view, the request hanging: exit 130', async () => {
    const sandbox = await faulty('show=hang');
    const id = await sandbox.seed();
    expectStoppedAtOnce(await interruptAt('show', ['requests', 'view', String(id), '--timeout', '10'], sandbox.env, sandbox));
  });

  it('requests reply, the request hanging: exit 130, nothing sent', async () => {
    const sandbox = await faulty('show=hang');
    const id = await sandbox.seed();
    const before = sandbox.writes().length;
    expectStoppedAtOnce(await interruptAt('show', ['requests', 'reply', String(id), '--message', 'Any news?', '--timeout', '10'], sandbox.env, sandbox));
    expect(sandbox.writes()).toHaveLength(before);
  });

  it('auth status, the credentials check hanging: exit 130, not "the portal could not be asked"', async () => {
    const sandbox = await faulty('list=hang');
    const run = await interruptAt('list', ['auth', 'status'], sandbox.env, sandbox);
    expectStoppedAtOnce(run);
    expect(run.stderr).not.toMatch(/could not be asked/);
  });

  it('auth login, the credentials check hanging: exit 130, nothing stored', async () => {
    const sandbox = await faulty('list=hang');
    const home = tempDir('home-');
    const args = ['auth', 'login', '--portal', sandbox.url.origin, '--email', sandbox.account.email, '--with-token', '--token-stdin', '--insecure-storage', '--timeout', '10'];
    expectStoppedAtOnce(await interruptAt('list', args, { HOME: home }, sandbox, sandbox.account.apiToken));
    // no profile, no credentials: the config folder is not even made
    const config = join(home, '.config', 'sigma-support');
    expect(existsSync(config) ? readdirSync(config) : []).toEqual([]);
  });
});

describe('a file in the config folder that could keep the CLI waiting', () => {
  // A config.toml that is a FIFO nobody writes to: reading it would never end, and no Ctrl-C ends a
  // process waiting on such a read (src/private-file.ts). It is taken as no file, as a directory is.
  it.skipIf(process.platform === 'win32')('auth status with config.toml a FIFO answers as with no config file: exit 4, not logged in', async () => {
    const config = tempDir('config-');
    mkdirSync(join(config, 'sigma-support'));
    execFileSync('mkfifo', [join(config, 'sigma-support', 'config.toml')]);
    const result = await startCli(['auth', 'status'], { env: { XDG_CONFIG_HOME: config } });
    expect(result.exitCode).toBe(4);
    expect(String(result.stdout)).toMatch(/Account\s+not logged in/);
    expect(String(result.stderr)).not.toMatch(/\n\s+at /);
  });

  it.skipIf(process.platform === 'win32')('requests list with its Severity cache a FIFO lists as with no cache', async () => {
    const sandbox = await faulty();
    const cache = tempDir('cache-');
    mkdirSync(join(cache, 'sigma-support'));
    execFileSync('mkfifo', [join(cache, 'sigma-support', `severity-${sandbox.url.host.replace(/[^A-Za-z0-9.-]/g, '_')}.json`)]);
    const result = await startCli(['requests', 'list', '--json'], { env: { ...sandbox.env, XDG_CACHE_HOME: cache } });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(String(result.stdout))).toEqual([]);
  });
});
