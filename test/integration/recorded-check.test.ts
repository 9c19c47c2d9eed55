// Zendesk accepts a request and silently drops what end users may not set. The CLI compares the
// created request with what it sent, and says what was not recorded: on stderr, and in --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const fields = (severity: string) => ['submit', '--subject', 'Recorded?', '--description', 'Error ID 3', '--severity', severity, '--cc', 'teammate@example.com', '--json'];

describe('a portal that drops the severity and the CCs', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ silentlyDrops: ['custom_fields', 'email_ccs'] });
  });
  afterAll(() => sandbox.close());

  it('an S0 not recorded: filed (exit 0), with warnings that on-call may not have been paged and how to escalate', async () => {
    const result = await runCliInProcess([...fields('S0'), '--confirm-s0'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout) as { id: number; warnings: string[] };
    expect(sandbox.requests().map((r) => r.id)).toContain(out.id);
    expect(out.warnings).toHaveLength(3);
    expect(out.warnings[0]).toMatch(new RegExp(`^the portal did not record the severity: S0 \\(critical\\) was sent .* request #${out.id} shows nothing`));
    expect(out.warnings[1]).toMatch(/^S0 was not recorded on request #\d+, so Sigma's on-call Support engineers may not have been paged\. To escalate now, use the live chat in the Sigma app, or email Sigma Support/);
    expect(out.warnings[2]).toMatch(/^the portal recorded 0 of the 1 CCs sent \(teammate@example\.com\)/);
    for (const w of out.warnings) expect(result.stderr).toContain(`Warning: ${w}`);
  });

  it('an S3 not recorded: one warning for the severity, none about paging', async () => {
    const result = await runCliInProcess(fields('S3'), { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout) as { warnings: string[] };
    expect(out.warnings.some((w) => w.startsWith('the portal did not record the severity: S3 (low)'))).toBe(true);
    expect(result.stderr).not.toMatch(/on-call/);
  });
});

describe('a portal that records everything', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('no warnings, and an empty "warnings" array in --json', async () => {
    const result = await runCliInProcess(fields('S2'), { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual([]);
    expect(result.stderr).not.toMatch(/Warning/);
  });
});
