import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

/**
 * The sandbox answers with the shapes Zendesk documents (test/fixtures/contract/README.md): every
 * key of a fixture is in the sandbox's answer, with a value of the same type. Null on either side
 * stands for "may be absent or null"; arrays are compared by their first items.
 */
function drift(expected: unknown, actual: unknown, path = '$'): string[] {
  if (expected === null || actual === null) return [];
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v);
  if (kind(expected) !== kind(actual)) return [`${path}: ${kind(expected)} expected, ${kind(actual)} answered`];
  if (Array.isArray(expected)) {
    const actualItems = actual as unknown[];
    return expected.length && actualItems.length ? drift(expected[0], actualItems[0], `${path}[0]`) : [];
  }
  if (typeof expected !== 'object') return [];
  const a = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
    key in a ? drift(value, a[key], `${path}.${key}`) : [`${path}.${key}: missing`],
  );
}

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'contract', name), 'utf8'));

let sandbox: TestSandbox;
let auth: string;
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const answer = await fetch(new URL(path, sandbox.url), {
    method,
    headers: { authorization: auth, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: answer.status, json: await answer.json() };
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ formSetup: { extraFields: true } });
  auth = `Basic ${Buffer.from(`${sandbox.account.email}/token:${sandbox.account.apiToken}`).toString('base64')}`;
});
afterAll(() => sandbox.close());

describe("the sandbox answers in Zendesk's documented shapes", () => {
  it('the drift check itself sees a missing key and a changed type', () => {
    expect(drift({ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'x' } })).toEqual([]);
    expect(drift({ a: 1, b: { c: 'x' } }, { a: '1', b: {} })).toEqual(['$.a: number expected, string answered', '$.b.c: missing']);
  });

  it('ticket fields and ticket forms', async () => {
    const fields = await call('GET', '/api/v2/ticket_fields');
    expect(drift(fixture('ticket_fields.json'), { ...(fields.json as object), ticket_fields: (fields.json as { ticket_fields: Array<{ type: string }> }).ticket_fields.filter((f) => f.type === 'tagger') })).toEqual([]);
    const forms = await call('GET', '/api/v2/ticket_forms');
    expect(drift(fixture('ticket_forms.json'), forms.json)).toEqual([]);
  });

  it('an upload, a created request, the request again and a cursor page of requests', async () => {
    const upload = await call('POST', '/api/v2/uploads?filename=notes.txt', 'some notes', { 'content-type': 'text/plain' });
    expect(upload.status).toBe(201);
    expect(drift(fixture('upload.json'), upload.json)).toEqual([]);
    const token = (upload.json as { upload: { token: string } }).upload.token;
    const created = await call('POST', '/api/v2/requests', {
      request: { subject: 'Contract', comment: { body: 'Shape check', uploads: [token] }, custom_fields: [{ id: 48151623420, value: 'sandbox_severity_low' }, { id: 48151650001, value: 'area_workbooks' }] },
    });
    expect(created.status).toBe(201);
    expect(drift(fixture('request.json'), created.json)).toEqual([]);
    const id = (created.json as { request: { id: number } }).request.id;
    expect(drift(fixture('request.json'), (await call('GET', `/api/v2/requests/${id}`)).json)).toEqual([]);
    expect(drift(fixture('requests-cursor-page.json'), (await call('GET', '/api/v2/requests?page[size]=1')).json)).toEqual([]);
  });

  it('errors: 401, 404 and 422', async () => {
    const anonymous = await fetch(new URL('/api/v2/requests', sandbox.url), { headers: { accept: 'application/json' } });
    expect(anonymous.status).toBe(401);
    expect(drift(fixture('error-401.json'), await anonymous.json())).toEqual([]);
    const missing = await call('GET', '/api/v2/requests/99999999');
    expect(missing.status).toBe(404);
    expect(drift(fixture('error-404.json'), missing.json)).toEqual([]);
    const invalid = await call('POST', '/api/v2/requests', { request: { subject: 'No severity', comment: { body: 'x' } } });
    expect(invalid.status).toBe(422);
    expect(drift(fixture('error-422.json'), invalid.json)).toEqual([]);
  });
});
