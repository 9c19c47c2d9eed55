// When the portal is down: the email way (issue 13, section 5), through the real CLI against the
// sandbox (stopped, or answering 5xx to everything), the .eml read back by an independent parser.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/files.js';
import { JWT, writeHar } from '../helpers/har.js';
import { startTestSandbox, useFaultySandbox, type TestSandbox } from '../helpers/sandbox.js';
import { FaultPlan } from '../../src/sandbox/faults.js';

const withFaults = useFaultySandbox();
let stopped: TestSandbox | undefined;
afterEach(() => {
  stopped = undefined;
});

/** A sandbox's address and account, with the sandbox closed: every call is refused. */
async function stoppedPortal(): Promise<Record<string, string>> {
  stopped = await startTestSandbox();
  await stopped.close();
  return stopped.env;
}

/** A fresh home and state folder per run chain, with the drafts folder where the CLI puts them. */
function homeEnv() {
  const home = tempDir('sigma-home-');
  const state = join(home, 'state');
  return { env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: state }, draftsDir: join(state, 'sigma-support', 'drafts') };
}

const draftPath = (stderr: string) => /sigma-support submit --recover (\S+)/.exec(stderr)?.[1];
const emlOf = (draft: string) => draft.replace(/\.json$/, '.eml');
const fields = (severity: string) => ['--subject', 'Exports fail', '--description', 'Error ID 5e1-77 since 09:00', '--severity', severity, '--cc', 'ana@example.com', '--retries', '0'];

describe('the portal down, from a script', () => {
  it('connection refused, S1: the draft is kept, one line tells of the email way, and nothing is written unasked', async () => {
    const { env, draftsDir } = homeEnv();
    const result = await runCliInProcess(['submit', ...fields('S1')], { env: { ...(await stoppedPortal()), ...env } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/connection refused/);
    const draft = draftPath(result.stderr)!;
    expect(draft.startsWith(draftsDir)).toBe(true);
    expect(result.stderr.split('\n').filter((l) => /email/i.test(l))).toEqual([
      'The portal is down: Sigma asks for email then. To write this S1 request as an email beside the draft, run the recover command above with --email-fallback (add --open to open it in your mail client).',
    ]);
    expect(existsSync(emlOf(draft))).toBe(false);
    expect(result.stdout).toBe('');
  });

  it('--email-fallback --json: a standard .eml beside the draft, with the request, its CCs and files, a bounded size, and no credentials', async () => {
    const { env } = homeEnv();
    expect((await runCliInProcess(['config', 'set', 'support-email', 'help@example.com'], { env })).exitCode).toBe(0);
    const files = tempDir('files-');
    const log = join(files, 'journal été.log');
    const big = join(files, 'heap.bin');
    writeFileSync(log, 'ERROR at 09:00 id=8f2c\n');
    writeFileSync(big, randomBytes(10 * 1024 * 1024 + 1));
    const portal = await stoppedPortal();
    const result = await runCliInProcess(['submit', ...fields('S1'), '--attach', log, '--attach', big, '--email-fallback', '--json'], { env: { ...portal, ...env } });
    expect(result.exitCode).toBe(1);
    const draft = draftPath(result.stderr)!;
    const out = JSON.parse(result.stdout);
    expect(out).toEqual({ filed: false, draft, email: { path: emlOf(draft), to: 'help@example.com', attached: [log], left_out: [{ path: big, why: expect.stringMatching(/over the 10 MB of attachments/) }] } });
    expect(result.stderr).toContain(`Wrote the request as an email: ${emlOf(draft)}`);
    expect(result.stderr).toMatch(/Left out of the email[^\n]*\n {2}\S*heap\.bin: 10\.5 MB: over the 10 MB/);

    const raw = readFileSync(emlOf(draft));
    const mail = await PostalMime.parse(raw);
    expect(mail.subject).toBe('[S1] Exports fail');
    expect(mail.from?.address).toBe(portal.SIGMA_SUPPORT_EMAIL);
    expect(mail.to?.map((a) => a.address)).toEqual(['help@example.com']);
    expect(mail.cc?.map((a) => a.address)).toEqual(['ana@example.com']);
    expect(mail.headers.find((h) => h.key === 'x-sigma-support-draft')?.value).toBe(/-([^-]+)\.json$/.exec(draft)![1]);
    expect(mail.text).toContain('Error ID 5e1-77 since 09:00');
    expect(mail.text).toMatch(/Files left out of this email[^\n]*\n {2}- heap\.bin: 10\.5 MB/);
    expect(mail.attachments.map((a) => [a.filename, Buffer.from(a.content as ArrayBuffer).toString()])).toEqual([['journal été.log', 'ERROR at 09:00 id=8f2c\n']]);
    expect(raw.length).toBeLessThan(1024 * 1024);
    const text = raw.toString('latin1');
    for (const secret of [portal.SIGMA_SUPPORT_TOKEN!, Buffer.from(`${portal.SIGMA_SUPPORT_EMAIL}/token:${portal.SIGMA_SUPPORT_TOKEN}`).toString('base64')]) expect(text).not.toContain(secret);
  });

  it('a HAR file goes scrubbed of its cookies and tokens, as it would to the portal; --no-scrub sends it as it is', async () => {
    const files = tempDir('har-');
    const har = join(files, 'session.har');
    const kept = join(files, 'kept.har');
    writeHar(har, 2);
    writeHar(kept, 1);
    const portal = await stoppedPortal();
    const result = await runCliInProcess(['submit', ...fields('S1'), '--attach', har, '--attach', kept, '--no-scrub', kept, '--email-fallback'], { env: { ...portal, ...homeEnv().env } });
    expect(result.exitCode).toBe(1);
    const mail = await PostalMime.parse(readFileSync(emlOf(draftPath(result.stderr)!)));
    const [scrubbed, asIs] = mail.attachments.map((a) => Buffer.from(a.content as ArrayBuffer).toString());
    expect(mail.attachments.map((a) => a.filename)).toEqual(['session.har', 'kept.har']);
    for (const secret of [JWT, 'sess-0-value', 'apikey-1-value', 'pw-0-value', 'cs-1-value', 'new-0-value']) expect(scrubbed).not.toContain(secret);
    expect(JSON.parse(scrubbed!).log.entries).toHaveLength(2);
    expect(scrubbed).toContain('https://app.sigmacomputing.com/api/v2/query?workbook=wb-0');
    expect(asIs).toBe(readFileSync(kept, 'utf8'));
  });

  it('5xx to everything, S0: --email-fallback writes it with [S0], and no To: when no address is set, saying where to add it', async () => {
    const s = await withFaults('any=html502:always');
    const { env } = homeEnv();
    const result = await runCliInProcess(['submit', ...fields('S0'), '--confirm-s0', '--email-fallback'], { env: { ...s.env, ...env } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/HTTP 502/);
    expect(result.stderr).toContain('It has no To: address: add Sigma Support\'s, or set it once with `sigma-support config set support-email ADDRESS`');
    const mail = await PostalMime.parse(readFileSync(emlOf(draftPath(result.stderr)!)));
    expect(mail.subject).toBe('[S0] Exports fail');
    expect(mail.to).toBeUndefined();
    expect(s.requests()).toEqual([]);
  });

  it('S2 gets no offer; an S3 with --email-fallback is written all the same', async () => {
    const portal = await stoppedPortal();
    const quiet = await runCliInProcess(['submit', ...fields('S2')], { env: { ...portal, ...homeEnv().env } });
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stderr).not.toMatch(/email/i);
    const asked = await runCliInProcess(['submit', ...fields('S3'), '--email-fallback'], { env: { ...portal, ...homeEnv().env } });
    expect(existsSync(emlOf(draftPath(asked.stderr)!))).toBe(true);
  });

  it('a refusal (4xx) is not the portal down: no email, even with --email-fallback', async () => {
    const s = await withFaults('create=413:always');
    const result = await runCliInProcess(['submit', ...fields('S1'), '--email-fallback'], { env: { ...s.env, ...homeEnv().env } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/HTTP 413/);
    expect(result.stderr).not.toMatch(/email/i);
    const draft = draftPath(result.stderr);
    if (draft) expect(existsSync(emlOf(draft))).toBe(false);
  });

  it('--open hands the .eml to the system opener (xdg-open, here run-mailcap on PATH)', async () => {
    const bin = tempDir('fake-bin-');
    const record = join(tempDir('opened-'), 'args.txt');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'run-mailcap'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}.tmp' && mv '${record}.tmp' '${record}'\n`);
    chmodSync(join(bin, 'run-mailcap'), 0o755);
    const result = await runCli(['submit', ...fields('S1'), '--open'], { env: { ...(await stoppedPortal()), ...homeEnv().env, PATH: `${bin}:${process.env.PATH}` } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Asked the system to open it in your mail client/);
    const deadline = Date.now() + 30_000;
    while (!existsSync(record) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(readFileSync(record, 'utf8')).toBe(`--action=view\n${emlOf(draftPath(result.stderr)!)}\n`);
  });
});

describe('never twice', () => {
  it('the request filed later through --recover says an email was written, names the request to quote, and removes the email with the draft', async () => {
    const s = await withFaults('any=500:always');
    const { env } = homeEnv();
    const failed = await runCliInProcess(['submit', ...fields('S1'), '--email-fallback'], { env: { ...s.env, ...env } });
    expect(failed.exitCode).toBe(1);
    const draft = draftPath(failed.stderr)!;
    expect(existsSync(emlOf(draft))).toBe(true);
    // asked again (a script, no flag): it says the email exists instead of offering another
    const again = await runCliInProcess(['submit', '--recover', draft, '--retries', '0'], { env: { ...s.env, ...env } });
    expect(again.stderr).toMatch(/An email of this request was written \S+: \S+\.eml \(--email-fallback writes it again\)/);

    s.faults.clear();
    const filed = await runCliInProcess(['submit', '--recover', draft, '--json'], { env: { ...s.env, ...env } });
    expect(filed.exitCode).toBe(0);
    const [request] = s.requests();
    const out = JSON.parse(filed.stdout);
    expect(out.id).toBe(request!.id);
    expect(out.email_prepared).toEqual({ path: emlOf(draft), written_at: expect.any(String), may_have_been_sent: true, quote_request: request!.id });
    expect(filed.stderr).toContain(`The CLI cannot know whether it was sent. If it was, tell Sigma Support that it is request #${request!.id}, so they merge the two.`);
    expect(existsSync(draft)).toBe(false);
    expect(existsSync(emlOf(draft))).toBe(false);
    expect(s.requests()).toHaveLength(1);
  });

  it('a create stored but answered 500, and the lookup failing (exit 5): the email says the request may be in the portal too; --recover finds it, and names it for Support', async () => {
    const s = await withFaults('create=stored-500:once');
    // the credential check's list works; every later one (the lookup of the request) fails with 500
    const take = FaultPlan.prototype.take.bind(s.faults);
    let lists = 0;
    s.faults.take = (target) => (target === 'list' && ++lists > 1 ? '500' : take(target));
    const { env } = homeEnv();
    const failed = await runCliInProcess(['submit', ...fields('S1'), '--email-fallback'], { env: { ...s.env, ...env } });
    expect(failed.exitCode).toBe(5);
    expect(s.requests()).toHaveLength(1); // stored, unknown to the CLI
    expect(failed.stderr).toContain('The request may also be in the portal already: run the recover command first once the portal is back, to find out.');
    const draft = draftPath(failed.stderr)!;
    const mail = await PostalMime.parse(readFileSync(emlOf(draft)));
    expect(mail.text).toMatch(/^Sent by email because the Sigma support portal could not be reached \(a create was sent and got no answer: the request may also be in the portal\)\./);

    s.faults.take = take;
    const found = await runCliInProcess(['submit', '--recover', draft], { env: { ...s.env, ...env } });
    expect(found.exitCode).toBe(0);
    expect(found.stderr).toMatch(/the request is there: it was filed once/);
    expect(found.stderr).toContain(`tell Sigma Support that it is request #${s.requests()[0]!.id}`);
    expect(s.requests()).toHaveLength(1);
    expect(existsSync(emlOf(draft))).toBe(false);
  });
});
