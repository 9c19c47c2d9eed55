import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAttachments, DEFAULT_ATTACHMENT_LIMITS } from '../../src/core/attachments.js';
import { checkCcList, checkDescription, checkSubject } from '../../src/core/request-fields.js';
import { validateRequest } from '../../src/core/validate-request.js';
import { UsageError } from '../../src/errors.js';
import { tempDir } from '../helpers/files.js';

describe('checkSubject', () => {
  it('trims and accepts a summary, Unicode included', () => {
    expect(checkSubject('  Tableau de bord: échec ⚠️  ')).toEqual({ ok: true, value: 'Tableau de bord: échec ⚠️' });
  });
  it.each([
    ['', /cannot be empty/],
    ['   ', /cannot be empty/],
    ['x'.repeat(151), /151 characters long, over the limit of 150/],
    ['red \u001b[31malert', /control characters/],
    ['two\nlines', /control characters/],
  ])('refuses %j', (input, problem) => {
    const c = checkSubject(input);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.problem).toMatch(problem);
  });
});

describe('checkDescription', () => {
  it('keeps lines and tabs, and normalises line ends', () => {
    expect(checkDescription('a\r\nb\tc\rd\n')).toEqual({ ok: true, value: 'a\nb\tc\nd' });
  });
  it('refuses empty, escape sequences and over 64 KB', () => {
    expect(checkDescription(' \n ').ok).toBe(false);
    expect(checkDescription('\u001b]0;title\u0007').ok).toBe(false);
    const big = checkDescription('é'.repeat(33 * 1024));
    expect(big.ok || big.problem).toMatch(/over the portal's limit of 64 KB/);
  });
});

describe('checkCcList', () => {
  it('splits commas, semicolons and spaces, and drops repeats case-insensitively', () => {
    expect(checkCcList(['a@x.com, b@y.org;c@z.io', 'A@X.com'])).toEqual({ ok: true, value: ['a@x.com', 'b@y.org', 'c@z.io'] });
  });
  it('names every address that is not one', () => {
    const c = checkCcList(['good@x.com,not-an-email', 'also@bad']);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.problem).toMatch(/"not-an-email" is not an email address \(.*\); "also@bad" is not an email address/);
  });
});

describe('checkAttachments', () => {
  const dir = tempDir('unit-');
  const file = join(dir, 'crash report.log');
  writeFileSync(file, 'boom');
  symlinkSync(file, join(dir, 'link.log'));
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'huge.bin'), '');
  truncateSync(join(dir, 'huge.bin'), DEFAULT_ATTACHMENT_LIMITS.maxBytes + 1);

  it('attaches a file once even when named twice or through a symlink, keeping the given name', async () => {
    const { attachments, problems } = checkAttachments([file, join(dir, 'link.log'), file], DEFAULT_ATTACHMENT_LIMITS);
    expect(problems).toEqual([]);
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ name: 'crash report.log', size: 4, contentType: 'text/plain' });
  });

  it('names every bad file with what to do', async () => {
    const { problems } = checkAttachments([join(dir, 'missing.txt'), join(dir, 'folder'), join(dir, 'empty.txt'), join(dir, 'huge.bin')], DEFAULT_ATTACHMENT_LIMITS);
    expect(problems).toEqual([
      expect.stringMatching(/missing\.txt: no such file/),
      expect.stringMatching(/folder: is a folder/),
      expect.stringMatching(/empty\.txt: is empty/),
      expect.stringMatching(/huge\.bin: is 52428801 bytes, over the limit of 52428800 bytes per file/),
    ]);
  });

  it('refuses more files than the count limit', async () => {
    const { problems } = checkAttachments([file, join(dir, 'empty.txt')], { maxBytes: 10, maxCount: 0 });
    expect(problems.at(-1)).toMatch(/over the limit of 0/);
  });
});

describe('validateRequest', () => {
  it('gathers every problem into one usage error, by flag', async () => {
    const error = await validateRequest({ cc: ['nope'], subject: '', description: 'ok', severity: { notALevel: 'urgent' }, s0Confirmed: false, attachments: ['/does/not/exist'] }, DEFAULT_ATTACHMENT_LIMITS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/4 problems/);
    for (const flag of ['--cc', '--subject', '--severity', '--attach /does/not/exist']) expect((error as Error).message).toContain(flag);
  });
});

describe('validateRequest and S0', () => {
  const fields = { cc: [], subject: 'Down', description: 'Every workbook fails', attachments: [] };
  it('refuses an S0 without its confirmation, with the S0 message and hint', async () => {
    const error = await validateRequest({ ...fields, severity: 'S0', s0Confirmed: false }, DEFAULT_ATTACHMENT_LIMITS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^S0 \(critical\) pages the on-call .* was not confirmed$/);
    expect((error as UsageError).hint).toMatch(/--confirm-s0/);
  });
  it('lists an unconfirmed S0 with the other problems', async () => {
    const error = await validateRequest({ ...fields, subject: '', severity: 'S0', s0Confirmed: false }, DEFAULT_ATTACHMENT_LIMITS).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/2 problems[\s\S]*--subject[\s\S]*--severity: S0 \(critical\) .* was not confirmed/);
  });
  it('refuses a level that is none, even cast past the type', async () => {
    const error = await validateRequest({ ...fields, severity: 'S9' as 'S1', s0Confirmed: true }, DEFAULT_ATTACHMENT_LIMITS).catch((e: unknown) => e);
    expect((error as Error).message).toBe('--severity: "S9" is not a severity: use S0, S1, S2 or S3 (or critical, high, medium, low)');
  });
  it('gives a confirmed S0, and any other level, as a Severity', async () => {
    expect((await validateRequest({ ...fields, severity: 'S0', s0Confirmed: true }, DEFAULT_ATTACHMENT_LIMITS)).severity).toEqual({ level: 'S0', confirmed: true });
    expect((await validateRequest({ ...fields, severity: 'S2', s0Confirmed: false }, DEFAULT_ATTACHMENT_LIMITS)).severity).toEqual({ level: 'S2' });
  });
});
