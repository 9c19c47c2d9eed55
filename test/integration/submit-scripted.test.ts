import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEVELS, type Level } from '../../src/severity/levels.js';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { parseFault } from '../../src/sandbox/faults.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { sampleAttachments, sha256, sha256File, tempDir } from '../helpers/files.js';
import { expectOnlyProgress } from '../helpers/progress.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const TAGS: Record<Level, string> = { S0: 'sandbox_severity_critical', S1: 'sandbox_severity_high', S2: 'sandbox_severity_medium', S3: 'sandbox_severity_low' };
const CCS = ['ana@example.com', 'bo@example.org', 'chen@example.net'];

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe('submit from a script', () => {
  it.each(LEVELS)('files %s with two attachments and three CCs, and the sandbox gets exactly that', async (level) => {
    const files = sampleAttachments();
    const before = sandbox.requests().length;
    const args = [
      'submit', '--subject', `Dashboard fails to load (${level})`, '--description', 'Error: query timed out (ID 8f2c-11)',
      '--severity', level, '--cc', `${CCS[0]},${CCS[1]}`, '--cc', CCS[2]!, '--attach', files.binary, '--attach', files.log, '--json',
      ...(level === 'S0' ? ['--confirm-s0'] : []),
    ];
    const result = await runCliInProcess(args, { env: sandbox.env });
    expectOnlyProgress(result.stderr, [basename(files.binary), basename(files.log)]);
    expect(result.exitCode).toBe(0);

    const out = JSON.parse(result.stdout);
    const requests = sandbox.requests();
    expect(requests).toHaveLength(before + 1);
    const stored = requests.at(-1)!;
    expect(out).toEqual({
      id: stored.id,
      url: `${sandbox.url.origin}/hc/en-us/requests/${stored.id}`,
      status: 'new',
      subject: `Dashboard fails to load (${level})`,
      severity: level,
      cc: CCS,
      attachments: [
        { name: basename(files.binary), size: 1_300_000, contentType: 'application/octet-stream' },
        { name: basename(files.log), size: 1680, contentType: 'text/plain' },
      ],
      warnings: [],
    });
    expect(stored.custom_fields).toContainEqual({ id: SEVERITY_FIELD_ID, value: TAGS[level] });
    expect(stored.ticket_form_id).toBe(36000111333);
    expect(stored.cc_emails).toEqual(CCS);
    expect(stored.description).toBe('Error: query timed out (ID 8f2c-11)');

    // every byte arrived, under the file's own name and type, through the tokens the CLI sent
    const attachments = stored.comments[0]!.attachments;
    expect(attachments.map((a) => a.file_name).sort()).toEqual([basename(files.binary), basename(files.log)].sort());
    for (const a of attachments) {
      const source = a.file_name === basename(files.binary) ? files.binary : files.log;
      expect(sha256(sandbox.storedBytes(a.stored_as))).toBe(sha256File(source));
      expect(a.content_type).toBe(a.file_name.endsWith('.log') ? 'text/plain' : 'application/octet-stream');
    }
    const tokens = [...sandbox.store.uploads.values()].filter((u) => u.used_by_request === stored.id);
    expect(tokens).toHaveLength(2);
  });

  it('prints the request number and its page on stdout only, and that a sandbox on loopback emails nobody', async () => {
    const result = await runCliInProcess(['submit', '--subject', 'Question about exports', '--description', 'How do I export to CSV?', '--severity', 'low'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    const id = sandbox.requests().at(-1)!.id;
    expect(result.stdout).toContain(`Request #${id} filed (S3 (low), status new): Question about exports`);
    expect(result.stdout).toContain(`${sandbox.url.origin}/hc/en-us/requests/${id}`);
    expect(result.stdout).toContain('This is a sandbox portal on this machine: it sends no confirmation or any other email');
    expect(result.stdout).not.toContain('Sigma emails');
  });

  it('reads the description from a file and from standard input', async () => {
    const file = join(tempDir(), 'desc.txt');
    writeFileSync(file, '\uFEFFLine one\r\nLine two, ünïcode\n');
    const fromFile = await runCliInProcess(['submit', '--subject', 'From a file', '--description-file', file, '--severity', 'S3'], { env: sandbox.env });
    expect(fromFile.exitCode).toBe(0);
    expect(sandbox.requests().at(-1)!.description).toBe('Line one\nLine two, ünïcode');

    const fromStdin = await runCliInProcess(['submit', '--subject', 'From stdin', '--description-file', '-', '--severity', 'S3'], { env: sandbox.env, input: 'piped\ntext\n' });
    expect(fromStdin.exitCode).toBe(0);
    expect(sandbox.requests().at(-1)!.description).toBe('piped\ntext');
  });

  it('--dry-run resolves the severity and prints the exact body, sending nothing', async () => {
    const files = sampleAttachments();
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['submit', '--subject', 'Down', '--description', 'All workbooks fail', '--severity', 'S0', '--confirm-s0', '--attach', files.log, '--cc', CCS[0]!, '--dry-run', '--json'], { env: sandbox.env });
    expect(result.exitCode).toBe(0);
    expect(sandbox.writes()).toHaveLength(writes);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ dryRun: true, severity: 'S0', pagesOnCall: true, severityField: { id: SEVERITY_FIELD_ID, tag: TAGS.S0 }, ticketFormId: 36000111333 });
    expect(plan.request.request).toEqual({
      subject: 'Down',
      comment: { body: 'All workbooks fail', uploads: [`<upload token for ${basename(files.log)}>`] },
      email_ccs: [{ user_email: CCS[0], action: 'put' }],
      custom_fields: [{ id: SEVERITY_FIELD_ID, value: TAGS.S0 }],
      ticket_form_id: 36000111333,
    });

    const text = await runCliInProcess(['submit', '--subject', 'Q', '--description', 'D', '--severity', 'S3', '--dry-run'], { env: sandbox.env });
    expect(text.stdout).toContain('Dry run: nothing was sent.');
    expect(text.stdout).toContain('It would not page on-call.');
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('--sandbox files into a sandbox of its own, with no credentials needed', async () => {
    const result = await runCliInProcess(['submit', '--sandbox', '--subject', 'Trying it out', '--description', 'Hello', '--severity', 'S3', '--json']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 1, subject: 'Trying it out', severity: 'S3' });
    expect(result.stderr).toMatch(/Sandbox portal on http:\/\/127\.0\.0\.1:\d+ \(as sandbox@example\.com\): nothing reaches Sigma/);
    expect(result.stderr).toMatch(/The sandbox kept what it received in \S+sigma-support-sandbox-/);
  });
});

describe('a Severity field that changed while it was cached', () => {
  it('is found again after the portal refuses the cached tag, and the request is filed once, with the right tag', async () => {
    const home = tempDir('sigma-test-home-');
    const cache = join(home, '.cache', 'sigma-support', `severity-${sandbox.url.host.replace(/[^A-Za-z0-9.-]/g, '_')}.json`);
    const stale = { fieldId: SEVERITY_FIELD_ID, fieldTitle: 'Severity', formId: 36000111333, tags: { S0: 'old_critical', S1: 'old_high', S2: 'old_medium', S3: 'old_low' } };
    mkdirSync(dirname(cache), { recursive: true });
    writeFileSync(cache, JSON.stringify({ savedAt: Date.now(), portal: sandbox.url.origin, mapping: stale }));
    const before = sandbox.requests().length;
    const creates = () => sandbox.writes().filter((w) => w.method === 'POST' && w.path === '/api/v2/requests');
    const createsBefore = creates().length;

    const log = sampleAttachments().log;
    const result = await runCliInProcess(['submit', '--subject', 'Severity renamed', '--description', 'd', '--severity', 'S2', '--attach', log], { env: { ...sandbox.env, HOME: home } });
    // two creates: the one refused (422), and the one with the field found again
    expectOnlyProgress(result.stderr, [basename(log)], 2);
    expect(result.exitCode).toBe(0);
    expect(creates().slice(createsBefore).map((w) => w.status)).toEqual([422, 201]);
    const filed = sandbox.requests().slice(before);
    expect(filed).toHaveLength(1);
    expect(filed[0]!.custom_fields).toContainEqual({ id: SEVERITY_FIELD_ID, value: TAGS.S2 });
    expect(filed[0]!.comments[0]!.attachments).toHaveLength(1);
    expect(JSON.parse(readFileSync(cache, 'utf8')).mapping.tags.S2).toBe(TAGS.S2);
  });
});

describe('submit --web', () => {
  const formOf = (stdout: string) => new URL(new URL(stdout.trim()).searchParams.get('return_to')!);

  it('pre-fills CCs, and takes the locale from the portal URL, else the config', async () => {
    const fromUrl = await runCliInProcess(['submit', '--web', '--portal', `${sandbox.url.origin}/hc/de`, '--subject', 'S', '--cc', 'ana@example.com,bo@example.org']);
    expect(fromUrl.exitCode).toBe(0);
    expect(new URL(fromUrl.stdout.trim()).pathname).toBe('/hc/de/signin');
    const form = formOf(fromUrl.stdout);
    expect(form.pathname).toBe('/hc/de/requests/new');
    expect(form.searchParams.get('tf_collaborators')).toBe('ana@example.com,bo@example.org');
    const fromConfig = await runCliInProcess(['submit', '--web', '--portal', sandbox.url.origin, '--subject', 'S'], { env: { SIGMA_SUPPORT_LOCALE: 'pt-br' } });
    expect(formOf(fromConfig.stdout).pathname).toBe('/hc/pt-br/requests/new');
  });

  it('prints the pre-filled form link where no browser can open, with no credentials and nothing sent', async () => {
    const writes = sandbox.writes().length;
    const result = await runCliInProcess(['submit', '--web', '--portal', sandbox.url.origin, '--subject', 'Export fails', '--description', 'Error ID 42', '--severity', 'S2', '--attach', '/tmp/har.json']);
    expect(result.exitCode).toBe(0);
    // through the Help Center's sign-in, which returns to the pre-filled form
    const signIn = new URL(result.stdout.trim());
    expect(`${signIn.origin}${signIn.pathname}`).toBe(`${sandbox.url.origin}/hc/en-us/signin`);
    const url = new URL(signIn.searchParams.get('return_to')!);
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.url.origin}/hc/en-us/requests/new`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ ticket_form_id: '36000111333', tf_subject: 'Export fails', tf_description: 'Error ID 42', [`tf_${SEVERITY_FIELD_ID}`]: 'sandbox_severity_medium' });
    expect(result.stderr).toContain('Attach these in the form yourself: /tmp/har.json');
    expect(result.stderr).toContain('Nothing was sent');
    expect(sandbox.writes()).toHaveLength(writes);
  });

  it('--severity S0 says the form is pre-set only when the Severity field was known', async () => {
    const known = await runCliInProcess(['submit', '--web', '--portal', sandbox.url.origin, '--subject', 'Down', '--severity', 'S0']);
    expect(known.exitCode).toBe(0);
    expect(known.stderr).toContain('The form is pre-set to S0 (critical): submitting it pages');
    const blind = await startTestSandbox({ faults: [parseFault('fields=bad-json:always'), parseFault('forms=bad-json:always')] });
    try {
      const unknown = await runCliInProcess(['submit', '--web', '--portal', blind.url.origin, '--subject', 'Down', '--severity', 'S0']);
      expect(unknown.exitCode).toBe(0);
      expect(new URL(unknown.stdout.trim()).searchParams.has(`tf_${SEVERITY_FIELD_ID}`)).toBe(false);
      expect(unknown.stderr).not.toContain('pre-set to S0');
      expect(unknown.stderr).toContain('The Severity field could not be pre-set: choose S0 (critical) in the form yourself: submitting it pages');
    } finally {
      await blind.close();
    }
  });
});

describe('submit from a script: round trips before the create', () => {
  it("reads the form's fields and forms while the credentials are checked, the Severity field cached", async () => {
    const portal = await startTestSandbox();
    try {
      const env = { ...portal.env, HOME: tempDir('home-') };
      const args = ['submit', '--subject', 'Exports fail', '--description', 'Error ID 5e1-77', '--severity', 'S3', '--json'];
      expect((await runCliInProcess(args, { env })).exitCode).toBe(0); // caches the Severity field
      // the credentials check never answers: the two reads must have left without waiting for it
      portal.faults.add(parseFault('list=hang:always'));
      const from = portal.store.readJournal().length;
      const result = await runCliInProcess([...args, '--timeout', '1', '--retries', '0'], { env });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/checking the credentials/);
      expect(portal.requests()).toHaveLength(1);
      const read = portal.store.readJournal().slice(from).map((e) => e.path);
      expect(read).toEqual(expect.arrayContaining(['/api/v2/ticket_fields', '/api/v2/ticket_forms']));
    } finally {
      await portal.close();
    }
  });
});
