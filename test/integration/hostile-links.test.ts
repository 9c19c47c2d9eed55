// A portal whose pagination links point elsewhere, or that ignores the sort it is asked for
// (issue 11, items 1 and 4): the real CLI against the sandbox, and a stranger on another loopback address.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTicketFields, SEVERITY_FIELD_ID, type TicketFieldDef } from '../../src/sandbox/fixtures.js';
import { parseFault } from '../../src/sandbox/faults.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

/** Another host on loopback: it must never be asked anything, least of all with the credentials. */
let stranger: Server;
let strangerUrl: string;
const seen: Array<{ url: string | undefined; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  stranger = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"requests":[],"ticket_fields":[],"meta":{"has_more":false}}');
  });
  await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.2', resolve));
  strangerUrl = `http://127.0.0.2:${(stranger.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => stranger.close(() => resolve())));

let sandbox: TestSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  seen.length = 0;
});

async function withFaults(faults: string[], extra: Parameters<typeof startTestSandbox>[0] = {}): Promise<TestSandbox> {
  sandbox = await startTestSandbox({ rateLimitPerMinute: 10_000, redirectTarget: strangerUrl, faults: faults.map(parseFault), ...extra });
  return sandbox;
}

/** Files requests straight through the API, ten at a time. */
async function seed(s: TestSandbox, count: number): Promise<number[]> {
  const auth = `Basic ${Buffer.from(`${s.account.email}/token:${s.account.apiToken}`).toString('base64')}`;
  const ids: number[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
      fetch(new URL('/api/v2/requests', s.url), {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ request: { subject: `Seeded ${i + j + 1}`, comment: { body: 'seeded' }, custom_fields: [{ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_low' }] } }),
      }).then(async (r) => ((await r.json()) as { request: { id: number } }).request.id),
    );
    ids.push(...(await Promise.all(batch)));
  }
  return ids.sort((a, b) => a - b);
}

/** More fields than one page holds (Zendesk pages them by 100), so the answer links a second page. */
function manyFields(): TicketFieldDef[] {
  const extra = Array.from({ length: 120 }, (_, i) => ({
    id: 70_000 + i,
    type: 'text',
    title: `Extra ${i}`,
    title_in_portal: `Extra ${i}`,
    description: '',
    active: true,
    required: false,
    required_in_portal: false,
    visible_in_portal: true,
    editable_in_portal: true,
  }));
  return [...defaultTicketFields(), ...extra];
}

const fields = ['--subject', 'Exports fail', '--description', 'Error ID 5e1-77', '--severity', 'S2'];

describe('pagination links that point away from the portal', () => {
  it.each(['link-double-slash', 'link-backslash', 'link-elsewhere', 'link-zendesk'])(
    'requests list with %s: every request listed, from the portal only, and nothing reaches the stranger',
    async (kind) => {
      const s = await withFaults([`list=${kind}:always`]);
      const ids = await seed(s, 101);
      const result = await runCliInProcess(['requests', 'list', '--limit', '200', '--json'], { env: s.env });
      expect(result.exitCode).toBe(0);
      expect((JSON.parse(result.stdout) as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b)).toEqual(ids);
      expect(seen).toEqual([]);
      // the second page was asked of the portal, on its own endpoint
      expect(s.store.readJournal().filter((e) => e.method === 'GET' && e.path.startsWith('/api/v2/requests?'))).toHaveLength(2);
    },
  );

  it('submit --dry-run with a //host link in the ticket fields: the stranger gets nothing, every field is read', async () => {
    const s = await withFaults(['fields=link-double-slash:always'], { ticketFields: manyFields() });
    const result = await runCliInProcess(['submit', ...fields, '--dry-run'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(seen).toEqual([]);
    expect(s.store.readJournal().filter((e) => e.path.startsWith('/api/v2/ticket_fields')).map((e) => e.path)).toEqual(['/api/v2/ticket_fields', '/api/v2/ticket_fields?page=2']);
  });

  it('submit --dry-run with a /\\host link in the ticket fields: the stranger gets nothing', async () => {
    const s = await withFaults(['fields=link-backslash:always'], { ticketFields: manyFields() });
    const result = await runCliInProcess(['submit', ...fields, '--dry-run'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(seen).toEqual([]);
  });

  it.each(['link-zendesk', 'link-double-slash'])('requests view with %s on cursor pages of comments: every comment, nothing to the stranger', async (kind) => {
    const s = await withFaults([`comments=${kind}:always`]);
    const [id] = await seed(s, 1);
    const auth = `Basic ${Buffer.from(`${s.account.email}/token:${s.account.apiToken}`).toString('base64')}`;
    for (let i = 0; i < 110; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          fetch(new URL(`/api/v2/requests/${id}`, s.url), {
            method: 'PUT',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({ request: { comment: { body: `reply ${i + j + 1}` } } }),
          }).then((r) => r.arrayBuffer()),
        ),
      );
    }
    const result = await runCliInProcess(['requests', 'view', String(id), '--json'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { comments: unknown[] }).comments).toHaveLength(111);
    expect(seen).toEqual([]);
  });

  it('a next link with no cursor ends the list with a warning', async () => {
    const s = await withFaults(['list=link-no-cursor:always']);
    await seed(s, 101);
    const result = await runCliInProcess(['requests', 'list', '--limit', '200', '--json'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(100);
    expect(result.stderr).toMatch(/warning: .*listing your requests.*no page number or cursor.*100 shown/);
    expect(seen).toEqual([]);
  });
});

describe('a portal that ignores the sort of cursor pages, as Zendesk does', () => {
  it('requests list shows the most recently updated first', async () => {
    const s = await withFaults(['list=unsorted:always']);
    const ids = await seed(s, 8);
    // updated in an order that is neither the order of creation nor its reverse
    const recency = [4, 6, 7, 2, 0, 5, 1, 3];
    for (const [k, i] of recency.entries()) {
      const record = s.store.requests.get(ids[i]!)!;
      s.store.saveRequest({ ...record, updated_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 100 - k)).toISOString() });
    }
    const result = await runCliInProcess(['requests', 'list', '--limit', '3', '--json'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as Array<{ id: number }>).map((r) => r.id)).toEqual([ids[4], ids[6], ids[7]]);
  });

  it('a create that was stored but not answered is found among many older requests, and not sent again', async () => {
    const s = await withFaults(['list=unsorted:always']);
    await seed(s, 60);
    s.faults.add(parseFault('create=stored-reset:once'));
    const before = s.writes().length;
    const result = await runCliInProcess(['submit', ...fields, '--json'], { env: s.env });
    expect(result.exitCode).toBe(0);
    expect(s.writes().slice(before).filter((e) => e.method === 'POST' && e.path === '/api/v2/requests')).toHaveLength(1);
    expect(s.requests().filter((r) => r.subject === 'Exports fail')).toHaveLength(1);
  });
});
