import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const s0 = ['submit', '--subject', 'Nobody can log in', '--description', 'SSO returns error 500 (ID 77aa)', '--severity', 'S0', '--confirm-s0'];

describe('--s0-category', () => {
  it('records the category as one line at the top of the description, and in --json', async () => {
    const result = await runCliInProcess([...s0, '--s0-category', 'core-features', '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ severity: 'S0', s0_category: 'core-features' });
    expect(sandbox.requests().at(-1)!.description).toBe('S0 category: Core features not working\n\nSSO returns error 500 (ID 77aa)');
  });

  it('is optional: without it the description is sent as written', async () => {
    const result = await runCliInProcess([...s0, '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).s0_category).toBeUndefined();
    expect(sandbox.requests().at(-1)!.description).toBe('SSO returns error 500 (ID 77aa)');
  });

  it('refuses an unknown category, or one given for another severity, before anything is sent', async () => {
    const writes = sandbox.writes().length;
    const unknown = await runCliInProcess([...s0, '--s0-category', 'outage'], { env: sandbox.env });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('core-features, data-visualization, internal-security, external-security');
    const s1 = await runCliInProcess(['submit', '--subject', 'x', '--description', 'y', '--severity', 'S1', '--s0-category', 'internal-security'], { env: sandbox.env });
    expect(s1.exitCode).toBe(2);
    expect(s1.stderr).toContain('--s0-category applies only to S0 requests');
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('is listed in submit --help with the categories', async () => {
    const help = await runCliInProcess(['submit', '--help']);
    expect(help.stdout).toContain('--s0-category <name>');
    expect(help.stdout).toMatch(/internal-security +Internal security/);
  });
});
