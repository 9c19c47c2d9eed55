// "Parse only what is read": shapes real Zendesk answers have, in fields the CLI does not use, must
// not fail the calls that carry them.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultTicketFields, type TicketFieldDef } from '../../src/sandbox/fixtures.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { expectOnlyProgress } from '../helpers/progress.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let sandbox: TestSandbox;
let front: Server;
let frontUrl: string;

// An unrelated drop-down whose options include one with a null value and one with no name, as
// seen in answers recorded from real accounts.
const unrelated = {
  id: 777001,
  type: 'tagger',
  title: 'Region',
  title_in_portal: 'Region',
  description: '',
  active: true,
  required: false,
  required_in_portal: false,
  visible_in_portal: true,
  editable_in_portal: false,
  custom_field_options: [
    { id: 1, name: 'EMEA', value: 'region_emea', default: false },
    { id: 2, name: 'Legacy', value: null, default: false },
    { id: 3, name: null, value: 'region_unnamed', default: false },
  ],
} as unknown as TicketFieldDef;

beforeAll(async () => {
  sandbox = await startTestSandbox({ ticketFields: [...defaultTicketFields(), unrelated] });
  // A front that passes every call to the sandbox, and answers comments with an empty plain_body
  // (the text only in `body`), as a portal may.
  front = createServer((req, res) => {
    const upstream = httpRequest({ host: '127.0.0.1', port: sandbox.url.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      const parts: Buffer[] = [];
      answer.on('data', (d: Buffer) => parts.push(d));
      answer.on('end', () => {
        let body = Buffer.concat(parts).toString('utf8');
        if (/\/comments/.test(req.url ?? '') && answer.statusCode === 200) {
          const page = JSON.parse(body) as { comments: Array<{ plain_body: string }> };
          for (const c of page.comments) c.plain_body = '';
          body = JSON.stringify(page);
        }
        const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, headers).end(body);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});
afterAll(async () => {
  front.close();
  await sandbox.close();
});

it('files a request although an unrelated field has options with a null value or name', async () => {
  const result = await runCliInProcess(['submit', '--subject', 'Null options elsewhere', '--description', 'Error ID 9', '--severity', 'S2', '--json'], { env: sandbox.env });
  expectOnlyProgress(result.stderr, []);
  expect(result.exitCode).toBe(0);
  expect(sandbox.requests().at(-1)!.subject).toBe('Null options elsewhere');
});

it('requests view shows body when plain_body is empty', async () => {
  const filed = await runCliInProcess(['submit', '--subject', 'Body only', '--description', 'The text lives in body', '--severity', 'S3', '--json'], { env: sandbox.env });
  expect(filed.exitCode).toBe(0);
  const id = String(JSON.parse(filed.stdout).id);
  const result = await runCliInProcess(['requests', 'view', id, '--comments'], { env: { ...sandbox.env, SIGMA_SUPPORT_URL: frontUrl } });
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain('The text lives in body');
});
