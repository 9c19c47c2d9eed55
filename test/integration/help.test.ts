// Help is answered by a small bundle (dist/help.cjs) when the command line asks for it.
// Whatever the path, the output and exit code must be exactly the full CLI's.
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, runCli } from '../helpers/cli.js';

/** Runs dist/cli.cjs directly, skipping the bin's help shortcut. */
async function runFullCli(args: readonly string[]) {
  const script = 'const { main } = require(process.argv[1]); main(process.argv.slice(2)).then((code) => (process.exitCode = code));';
  const r = await execa(process.execPath, ['-e', script, join(ROOT, 'dist', 'cli.cjs'), ...args], { env: cleanEnv(), extendEnv: false, reject: false, stdin: 'ignore' });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('help', () => {
  const lines = [
    ['--help'],
    ['-h'],
    ['submit', '--help'],
    ['help', 'submit'],
    ['help', 'requests', 'reply'],
    ['requests', 'reply', '-h'],
    ['auth', 'login', '--help'],
    ['config', 'set', '--help'],
    ['submit', '--help', '--bogus'],
    ['help', 'exit-codes'],
    ['help', 'nothing'],
    ['submit', '--subject', '--help', '--bogus'],
  ];
  it.each(lines)('prints what the full CLI prints: %s', async (...args) => {
    const [fast, full] = await Promise.all([runCli(args), runFullCli(args)]);
    expect(fast.stdout).toBe(full.stdout);
    expect(fast.stderr).toBe(full.stderr);
    expect(fast.exitCode).toBe(full.exitCode);
  });

  it('shows the submit flags, with the severities', async () => {
    const r = await runCli(['submit', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: sigma-support submit \[options\]/);
    expect(r.stdout).toContain('--severity <level>');
    expect(r.stdout).toMatch(/S0.*critical/);
    expect(r.stdout).toContain('--template <name|path>');
    expect(r.stdout).toContain('--list-templates');
    expect(r.stdout).toContain('subject-prefix = "[Exports]"');
  });
});
