// Help is answered by a small bundle (dist/help.cjs) when the command line asks for it.
// Whatever the path, the output and exit code must be exactly the full CLI's.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

/**
 * The full CLI's answer: dist/cli.cjs's main() run in this process (runCliInProcess), which skips
 * the bin's help shortcut.
 */
const runFullCli = (args: readonly string[]) => runCliInProcess(args);

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
