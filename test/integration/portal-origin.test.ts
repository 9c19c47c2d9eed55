// Nothing but the portal is ever sent a call: the HTTP client and both transports against a real
// sandbox and a stranger, each on its own loopback address.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { staticAuth } from '../../src/auth/credentials.js';
import { HttpClient } from '../../src/portal/http-client.js';
import { nodeTransport } from '../../src/portal/node-transport.js';
import { NetworkCode } from '../../src/portal/transport.js';
import { undiciTransport } from '../../src/portal/undici-transport.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let stranger: Server;
let strangerHost: string;
const seen: IncomingHttpHeaders[] = [];
let sandbox: TestSandbox;

beforeAll(async () => {
  stranger = createServer((req, res) => {
    seen.push(req.headers);
    res.end('{}');
  });
  await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.2', resolve));
  strangerHost = `127.0.0.2:${(stranger.address() as AddressInfo).port}`;
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => stranger.close(() => resolve()));
});

function client(): HttpClient {
  return new HttpClient({
    portal: sandbox.url,
    env: {},
    auth: staticAuth({ method: 'token', email: sandbox.account.email, token: sandbox.account.apiToken }),
    authHint: '',
    timeoutMs: 5_000,
    userAgent: 'sigma-support-test',
  });
}

it.each([
  ['//host', () => `//${strangerHost}/api/v2/requests`],
  ['/\\host', () => `/\\${strangerHost}/api/v2/requests`],
  ['an absolute URL', () => `http://${strangerHost}/api/v2/requests`],
  ['dot segments', () => '/api/v2/uploads/..'],
])('a path that leaves the portal (%s) is refused, and nothing is sent', async (_name, path) => {
  const http = client();
  try {
    for (const method of ['GET', 'DELETE'] as const) {
      await expect(http.send(method, path(), { action: 'reading' })).rejects.toThrow(/refused to send a call while reading: .* does not lead to a page of http:\/\/127\.0\.0\.1:\d+/);
    }
  } finally {
    await http.close();
  }
  expect(seen).toEqual([]);
});

it.each([
  ['node', () => nodeTransport({ timeoutMs: 5_000, origin: sandbox.url.origin })],
  ['undici', () => undiciTransport({ timeoutMs: 5_000, origin: sandbox.url.origin })],
])('the %s transport sends nothing to another origin than the portal it was made for', async (_name, make) => {
  const transport = make();
  try {
    const exchange = { method: 'GET', url: new URL(`http://${strangerHost}/api/v2/requests`), headers: { authorization: 'Basic c2VjcmV0' }, body: undefined, signal: undefined };
    await expect(transport.send(exchange)).rejects.toMatchObject({ code: NetworkCode.foreignOrigin });
  } finally {
    await transport.close();
  }
  expect(seen).toEqual([]);
});
