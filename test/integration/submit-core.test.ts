// The core path (validate → upload → create) called directly, against a real sandbox on loopback,
// with one clock for both sides so that an hour can pass in a test: upload tokens live 60 minutes.
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staticAuth } from '../../src/auth/credentials.js';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../src/core/attachments.js';
import { discoverSeverity } from '../../src/severity/field.js';
import type { Severity } from '../../src/severity/levels.js';
import { submitRequest } from '../../src/core/submit-request.js';
import { validateRequest } from '../../src/core/validate-request.js';
import { HttpClient } from '../../src/portal/http-client.js';
import { HttpPortalApi } from '../../src/portal/portal-api.js';
import { newIdempotencyKey } from '../../src/portal/idempotency-key.js';
import { UsageError } from '../../src/errors.js';
import { sha256, sha256File, tempDir } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MINUTE = 60_000;
let sandbox: TestSandbox | undefined;
let http: HttpClient | undefined;
afterEach(async () => {
  await http?.close();
  await sandbox?.close();
  sandbox = undefined;
});

async function setUp() {
  let clock = Date.parse('2026-11-28T09:00:00Z');
  const now = () => new Date(clock);
  sandbox = await startTestSandbox({ now });
  http = new HttpClient({
    portal: sandbox.url,
    env: {},
    auth: staticAuth({ method: 'token', email: sandbox.account.email, token: sandbox.account.apiToken }),
    authHint: '',
    timeoutMs: 10_000,
    userAgent: 'sigma-support-test',
  });
  const api = new HttpPortalApi(http);
  const dir = tempDir();
  const files = ['first.log', 'second.log'].map((name) => {
    const path = join(dir, name);
    writeFileSync(path, randomBytes(200_000));
    return path;
  });
  const request = await validateRequest({ cc: [], subject: 'Slow link', description: 'Error ID 77', severity: 'S2', s0Confirmed: false, attachments: files }, DEFAULT_ATTACHMENT_LIMITS);
  const severity = discoverSeverity(await api.ticketFields(), await api.ticketForms());
  const advance = (minutes: number) => (clock += minutes * MINUTE);
  return { api, request, severity, files, now, advance };
}

const uploadsOf = (s: TestSandbox) => s.writes().filter((w) => w.method === 'POST' && w.path.startsWith('/api/v2/uploads'));
const deletesOf = (s: TestSandbox) => s.writes().filter((w) => w.method === 'DELETE');

describe('upload tokens near the end of their hour', () => {
  it('are uploaded again before the create when the uploads took longer than 55 minutes', async () => {
    const { api, request, severity, files, now, advance } = await setUp();
    let uploaded = 0;
    const result = await submitRequest(api, request, severity, {
      concurrency: 2,
      idempotencyKey: newIdempotencyKey(),
      now,
      // the two uploads end an hour and a minute after they began: both tokens have expired
      onUploaded: () => (++uploaded === 2 ? advance(61) : undefined),
    });
    const s = sandbox!;
    expect(uploadsOf(s)).toHaveLength(4);
    expect(deletesOf(s)).toHaveLength(2);
    const stored = s.requests()[0]!;
    expect(stored.id).toBe(result.request.id);
    const attachments = stored.comments[0]!.attachments;
    expect(attachments.map((a) => a.file_name)).toEqual(['first.log', 'second.log']);
    for (const [i, a] of attachments.entries()) expect(sha256(s.storedBytes(a.stored_as))).toBe(sha256File(files[i]!));
  });

  it('re-sends only the files whose tokens went stale', async () => {
    const { api, request, severity, now, advance } = await setUp();
    let uploaded = 0;
    await submitRequest(api, request, severity, {
      concurrency: 1,
      idempotencyKey: newIdempotencyKey(),
      now,
      // the first file takes 56 minutes, the second none: only the first token is stale
      onUploaded: () => (++uploaded === 1 ? advance(56) : undefined),
    });
    const s = sandbox!;
    const names = uploadsOf(s).map((w) => new URL(w.path, 'http://x').searchParams.get('filename'));
    expect(names).toEqual(['first.log', 'second.log', 'first.log']);
    expect(deletesOf(s)).toHaveLength(1);
    expect(s.requests()[0]!.comments[0]!.attachments.map((a) => a.file_name)).toEqual(['first.log', 'second.log']);
  });

  it('are used as they are when fresh', async () => {
    const { api, request, severity, now, advance } = await setUp();
    await submitRequest(api, request, severity, { concurrency: 2, idempotencyKey: newIdempotencyKey(), now, onUploaded: () => advance(20) });
    expect(uploadsOf(sandbox!)).toHaveLength(2);
    expect(deletesOf(sandbox!)).toHaveLength(0);
  });
});

describe('the S0 guard in the core', () => {
  it('refuses an S0 without its confirmation, even cast past the type, before anything reaches the portal', async () => {
    const { api, request, severity, now } = await setUp();
    const seen = sandbox!.store.readJournal().length;
    for (const unconfirmed of [{ level: 'S0' }, { level: 'S0', confirmed: 'yes' }, 'S0']) {
      const error = await submitRequest(api, { ...request, severity: unconfirmed as unknown as Severity }, severity, { concurrency: 2, idempotencyKey: newIdempotencyKey(), now }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/S0 \(critical\) pages the on-call .* was not confirmed/);
    }
    for (const notALevel of [{ level: 's0', confirmed: true }, { level: 'S4' }, undefined]) {
      const error = await submitRequest(api, { ...request, severity: notALevel as unknown as Severity }, severity, { concurrency: 2, idempotencyKey: newIdempotencyKey(), now }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/no valid severity/);
    }
    expect(sandbox!.store.readJournal()).toHaveLength(seen);
    expect(sandbox!.requests()).toHaveLength(0);
  });

  it('sends a confirmed S0 with the S0 tag', async () => {
    const { api, request, severity, now } = await setUp();
    await submitRequest(api, { ...request, severity: { level: 'S0', confirmed: true } }, severity, { concurrency: 2, idempotencyKey: newIdempotencyKey(), now });
    const stored = sandbox!.requests();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.custom_fields).toContainEqual({ id: severity.fieldId, value: severity.tags.S0 });
  });
});
