import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { defineSubmit, type SubmitFlags } from '../../src/cmd/submit/definition.js';

/** What commander would have printed to stderr: captured, so a refused flag is checked, not printed. */
let printed = '';

async function parse(args: string[]): Promise<SubmitFlags> {
  let seen: SubmitFlags | undefined;
  printed = '';
  const output = { writeErr: (s: string) => void (printed += s), writeOut: (s: string) => void (printed += s) };
  const program = new Command().exitOverride().configureOutput(output);
  defineSubmit(program, async (flags) => {
    seen = flags;
  })
    .exitOverride()
    .configureOutput(output);
  await program.parseAsync(['submit', ...args], { from: 'user' });
  return seen!;
}

describe('submit flags', () => {
  it('collects repeated --cc and --attach in order', async () => {
    const f = await parse(['--cc', 'a@x.com,b@x.com', '--cc', 'c@x.com', '--attach', 'one', '--attach', 'two words.log']);
    expect(f.cc).toEqual(['a@x.com,b@x.com', 'c@x.com']);
    expect(f.attach).toEqual(['one', 'two words.log']);
  });
  it('reads the long flags scripts depend on', async () => {
    const f = await parse(['--subject', 's', '--description-file', '-', '--severity', 'S0', '--confirm-s0', '--yes', '--no-input', '--dry-run', '--json', '--portal', 'https://p.example.com', '--timeout', '5']);
    expect(f).toMatchObject({ subject: 's', descriptionFile: '-', severity: 'S0', confirmS0: true, yes: true, input: false, dryRun: true, json: true, portal: 'https://p.example.com', timeout: 5 });
  });
  it('defaults to prompting allowed, leaving the timeout to the settings', async () => {
    const f = await parse([]);
    expect(f.input).toBe(true);
    expect(f.timeout).toBeUndefined();
    expect(f.cc).toBeUndefined();
  });
  it('refuses a timeout that is not a positive number, or over an hour', async () => {
    await expect(parse(['--timeout', 'soon'])).rejects.toMatchObject({ code: 'commander.invalidArgument', message: expect.stringMatching(/--timeout <seconds>' argument 'soon' is invalid\. give a number above 0 and at most 3600 \(seconds\)/) });
    expect(printed).toBe("error: option '--timeout <seconds>' argument 'soon' is invalid. give a number above 0 and at most 3600 (seconds)\n");
    await expect(parse(['--timeout', '3601'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    expect(printed).toBe("error: option '--timeout <seconds>' argument '3601' is invalid. give a number above 0 and at most 3600 (seconds)\n");
  });
});
