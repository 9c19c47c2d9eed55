// The sandbox's own contract (Zendesk's API as the CLI uses it: see the top of src/sandbox/server.ts),
// spoken to over real HTTP on loopback with fetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNT, SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let clock = Date.parse('2026-11-28T10:00:00Z');
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ now: () => new Date(clock), rateLimitPerMinute: 1000 });
});
afterAll(() => sandbox.close());

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const TOKEN_AUTH = basic(`${SANDBOX_ACCOUNT.email}/token`, SANDBOX_ACCOUNT.apiToken);

async function call(method: string, path: string, init: { auth?: string | null; json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.auth !== null) headers.authorization = init.auth ?? TOKEN_AUTH;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(path, sandbox.url), { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

const upload = (name: string, bytes: string, token?: string) =>
  call('POST', `/api/v2/uploads?filename=${encodeURIComponent(name)}${token ? `&token=${token}` : ''}`, { body: Buffer.from(bytes), headers: { 'content-type': 'text/plain' } });

const newRequest = (extra: Record<string, unknown> = {}) => ({
  request: { subject: 'S', comment: { body: 'B' }, custom_fields: [{ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_low' }], ...extra },
});

describe('sandbox portal', () => {
  it('users/me answers 200 with an anonymous user for wrong credentials, and requests answers 401', async () => {
    const me = await call('GET', '/api/v2/users/me', { auth: basic(SANDBOX_ACCOUNT.email, 'wrong') });
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ id: null, name: 'Anonymous user' });
    expect((await call('GET', '/api/v2/requests', { auth: basic(SANDBOX_ACCOUNT.email, 'wrong') })).status).toBe(401);
    expect((await call('GET', '/api/v2/users/me')).json.user.id).toBe(SANDBOX_ACCOUNT.id);
  });

  it('accepts password, API token and bearer credentials', async () => {
    for (const auth of [basic(SANDBOX_ACCOUNT.email, SANDBOX_ACCOUNT.password), TOKEN_AUTH, `Bearer ${SANDBOX_ACCOUNT.oauthToken}`]) {
      expect((await call('GET', '/api/v2/requests', { auth })).status).toBe(200);
    }
  });

  it('shows end users only visible fields and forms, anonymously too', async () => {
    const fields = await call('GET', '/api/v2/ticket_fields', { auth: null });
    expect(fields.status).toBe(200);
    expect(fields.json.ticket_fields.every((f: any) => f.visible_in_portal)).toBe(true);
    const forms = await call('GET', '/api/v2/ticket_forms', { auth: null });
    expect(forms.json.ticket_forms.map((f: any) => f.id)).toEqual([36000111333]);
  });

  it('puts rate-limit headers on every answer', async () => {
    const res = await call('GET', '/api/v2/ticket_forms');
    for (const h of ['x-rate-limit', 'x-rate-limit-remaining', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) expect(res.headers.get(h)).toMatch(/^\d+$/);
  });

  it('shares a token across uploads, and refuses it after 60 minutes', async () => {
    const first = await upload('a.txt', 'aaa');
    expect(first.status).toBe(201);
    const token = first.json.upload.token;
    const second = await upload('b.txt', 'bb', token);
    expect(second.json.upload.token).toBe(token);
    expect(second.json.upload.attachments.map((a: any) => a.file_name)).toEqual(['a.txt', 'b.txt']);
    clock += 61 * 60 * 1000;
    expect((await upload('c.txt', 'c', token)).status).toBe(422);
    const late = await call('POST', '/api/v2/requests', { json: newRequest({ comment: { body: 'B', uploads: [token] } }) });
    expect(late.status).toBe(422);
    expect(late.json.details.uploads[0].description).toMatch(/invalid or has expired/);
  });

  it('deletes an unused upload, and requires a file name', async () => {
    const up = await upload('gone.txt', 'x');
    expect((await call('DELETE', `/api/v2/uploads/${up.json.upload.token}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v2/uploads/${up.json.upload.token}`)).status).toBe(404);
    expect((await call('POST', '/api/v2/uploads', { body: Buffer.from('x') })).status).toBe(400);
  });

  it('answers 422 with details by field for missing subject, description and required fields', async () => {
    const res = await call('POST', '/api/v2/requests', { json: { request: { subject: ' ', comment: { body: '' } } } });
    expect(res.status).toBe(422);
    expect(res.json.error).toBe('RecordInvalid');
    expect(res.json.details.subject[0]).toMatchObject({ error: 'BlankValue', field_key: 'subject' });
    expect(res.json.details.description[0].description).toBe('Description: cannot be blank');
    expect(res.json.details.base[0]).toMatchObject({ description: 'Severity: cannot be blank', field_key: SEVERITY_FIELD_ID });
  });

  it('honours Idempotency-Key: miss, then hit with the same body, 400 with another', async () => {
    const key = { 'idempotency-key': 'k-1' };
    const first = await call('POST', '/api/v2/requests', { json: newRequest(), headers: key });
    expect(first.status).toBe(201);
    expect(first.headers.get('x-idempotency-lookup')).toBe('miss');
    const again = await call('POST', '/api/v2/requests', { json: newRequest(), headers: key });
    expect(again.headers.get('x-idempotency-lookup')).toBe('hit');
    expect(again.json.request.id).toBe(first.json.request.id);
    const other = await call('POST', '/api/v2/requests', { json: newRequest({ subject: 'Other' }), headers: key });
    expect(other.status).toBe(400);
    expect(other.json.error).toBe('IdempotentRequestError');
  });

  it('lists with cursor pagination, shows one, and adds a reply with PUT', async () => {
    for (let i = 0; i < 5; i++) expect((await call('POST', '/api/v2/requests', { json: newRequest({ subject: `R${i}` }) })).status).toBe(201);
    const all = sandbox.requests().length;
    const seen: number[] = [];
    let path: string | null = '/api/v2/requests?page[size]=2';
    while (path) {
      const page: any = await call('GET', path);
      seen.push(...page.json.requests.map((r: any) => r.id));
      path = page.json.meta.has_more ? page.json.links.next : null;
    }
    expect(seen).toHaveLength(all);
    expect(new Set(seen).size).toBe(all);

    const id = seen.at(-1)!;
    expect((await call('GET', `/api/v2/requests/${id}`)).json.request.id).toBe(id);
    const reply = await call('PUT', `/api/v2/requests/${id}`, { json: { request: { comment: { body: 'More logs' } } } });
    expect(reply.status).toBe(200);
    const comments = await call('GET', `/api/v2/requests/${id}/comments`);
    expect(comments.json.comments.map((c: any) => c.body)).toEqual(['B', 'More logs']);
    expect((await call('GET', '/api/v2/requests/999999')).status).toBe(404);
  });

  it('answers 413 over the upload limit, as a readable answer rather than a dropped connection', async () => {
    const small = await startTestSandbox({ maxUploadBytes: 10 });
    try {
      const res = await fetch(new URL('/api/v2/uploads?filename=big.txt', small.url), { method: 'POST', headers: { authorization: TOKEN_AUTH }, body: Buffer.alloc(5000, 1) });
      expect(res.status).toBe(413);
      expect([...small.store.uploads.values()]).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
