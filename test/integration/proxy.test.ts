// Corporate networks: the proxy variables, through the real CLI and a real forward proxy on loopback
// (test/helpers/proxy.ts). The TLS portal is named support.sigma.test, a name only the proxy can
// resolve, so a call that does not go through the proxy cannot reach it.
import type { Server } from 'node:https';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sampleAttachments, sha256, sha256File } from '../helpers/files.js';
import { startTestProxy, type TestProxy } from '../helpers/proxy.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { startTlsPortal } from '../helpers/tls-portal.js';

const HOST = 'support.sigma.test';
let sandbox: TestSandbox;
let proxy: TestProxy;
let server: Server;
let tlsPort: number;
let cert: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  proxy = await startTestProxy([HOST]);
  // The TLS portal: an https server that passes each call on to the sandbox.
  const tls = await startTlsPortal(sandbox, HOST, `DNS:${HOST},DNS:localhost`);
  ({ server, cert, port: tlsPort } = tls);
});
afterAll(async () => {
  server.close();
  await proxy.close();
  await sandbox.close();
});
beforeEach(() => {
  proxy.targets.length = 0;
});

const tlsPortal = () => `https://${HOST}:${tlsPort}`;
const tlsEnv = (extra: Record<string, string>) => ({ ...sandbox.env, SIGMA_SUPPORT_RETRIES: '0', SIGMA_SUPPORT_URL: tlsPortal(), NODE_EXTRA_CA_CERTS: cert, ...extra });
const fields = ['submit', '--subject', 'Through the proxy', '--description', 'Error ID 3128', '--severity', 'S3'];

it('files a request with an attachment to a TLS portal whose name only the proxy resolves (CONNECT, proxy credentials)', async () => {
  const files = sampleAttachments();
  const result = await runCli([...fields, '--attach', files.binary, '--json', '--debug'], { env: tlsEnv({ HTTPS_PROXY: proxy.url }) });
  expect(result.stderr).not.toMatch(/^error/m);
  // --debug: one line per exchange; the create among them, answered
  expect(result.stderr).toMatch(/^\[debug\] < 201 POST \/api\/v2\/requests \(/m);
  expect(result.exitCode).toBe(0);
  const stored = sandbox.requests().find((r) => r.id === JSON.parse(result.stdout).id)!;
  expect(stored.subject).toBe('Through the proxy');
  expect(sha256(sandbox.storedBytes(stored.comments[0]!.attachments[0]!.stored_as))).toBe(sha256File(files.binary));
  // every call went through the proxy: the JSON calls and the upload
  expect(proxy.targets.length).toBeGreaterThan(0);
  expect(new Set(proxy.targets)).toEqual(new Set([`${HOST}:${tlsPort}`]));
  // the proxy's password is never printed, not even in the debug log
  expect(result.stderr + result.stdout).not.toContain(proxy.password);
});

it('honours the lowercase https_proxy', async () => {
  const result = await runCli(['requests', 'list', '--json'], { env: tlsEnv({ https_proxy: proxy.url }) });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  expect(proxy.targets).toContain(`${HOST}:${tlsPort}`);
});

it('takes http_proxy for an http portal on loopback, and NO_PROXY by IP, IP and port, or * bypasses it', async () => {
  const port = sandbox.url.port;
  const list = (extra: Record<string, string>) => runCli(['requests', 'list', '--json'], { env: { ...sandbox.env, HTTP_PROXY: proxy.url, ...extra } });
  const proxied = await list({});
  expect(proxied.exitCode).toBe(0);
  expect(proxy.targets).toContain(`127.0.0.1:${port}`);
  for (const noProxy of ['127.0.0.1', `127.0.0.1:${port}`, '*', `example.com, 127.0.0.1`]) {
    proxy.targets.length = 0;
    const direct = await list({ NO_PROXY: noProxy });
    expect(direct.exitCode, noProxy).toBe(0);
    expect(proxy.targets, noProxy).toEqual([]);
  }
  // another port of the same host is still proxied
  const otherPort = await list({ no_proxy: '127.0.0.1:1' });
  expect(otherPort.exitCode).toBe(0);
  expect(proxy.targets).toContain(`127.0.0.1:${port}`);
});

it('NO_PROXY by domain goes direct: the name only the proxy knows is then not found', async () => {
  const other = await runCli(['requests', 'list', '--json'], { env: tlsEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: 'other.sigma.test,sigma.test.example' }) });
  expect(other.exitCode).toBe(0);
  proxy.targets.length = 0;
  for (const noProxy of ['.sigma.test', '*.sigma.test', HOST]) {
    const result = await runCli(['requests', 'list', '--json'], { env: tlsEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: noProxy }) });
    expect(result.exitCode, noProxy).toBe(1);
    expect(result.stderr, noProxy).toMatch(/cannot find the host support\.sigma\.test/);
  }
  expect(proxy.targets).toEqual([]);
});

it('names the proxy, without its password, when it refuses the credentials; nothing is created', async () => {
  const before = sandbox.writes().length;
  const wrong = `http://${proxy.user}:wrong-password@127.0.0.1:${proxy.port}`;
  const result = await runCli(fields, { env: tlsEnv({ HTTPS_PROXY: wrong }) });
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`error: the proxy http://***@127.0.0.1:${proxy.port} refused to connect to ${HOST}:${tlsPort} (HTTP 407`);
  expect(result.stderr).toMatch(/HTTPS_PROXY/);
  expect(result.stderr).not.toContain('wrong-password');
  expect(result.stderr).not.toMatch(/retrying|\n\s+at /);
  expect(sandbox.writes().length).toBe(before);
});

it('names a proxy that cannot be reached, credentials redacted', async () => {
  const closed = await startTestProxy([]);
  await closed.close();
  const result = await runCli(['requests', 'list'], { env: tlsEnv({ HTTPS_PROXY: closed.url }) });
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain(`error: cannot reach the proxy http://***@127.0.0.1:${closed.port} (connection refused)`);
  expect(result.stderr).not.toContain(closed.password);
});

it('reaches a loopback portal directly when the proxy is elsewhere; a proxy variable that is not a URL is exit 2, its value not shown', async () => {
  // proxy.corp.example does not exist: trying it would fail
  const offLoopback = await runCli(['requests', 'list', '--json'], { env: { ...sandbox.env, HTTP_PROXY: 'http://bob:hunter2@proxy.corp.example:3128' } });
  expect(offLoopback.stderr).toBe('');
  expect(offLoopback.exitCode).toBe(0);
  const notUrl = await runCli(['requests', 'list'], { env: tlsEnv({ https_proxy: 'http://bob:hunter2@[bad' }) });
  expect(notUrl.exitCode).toBe(2);
  expect(notUrl.stderr).toContain('error: https_proxy is not a URL');
  expect(notUrl.stderr).not.toContain('hunter2');
});

it('a sandbox started for the command is never reached through a proxy', async () => {
  const result = await runCli([...fields, '--sandbox'], { env: { HTTP_PROXY: proxy.url } });
  expect(result.exitCode).toBe(0);
  expect(proxy.targets).toEqual([]);
});

it('help environment lists the proxy variables and NODE_EXTRA_CA_CERTS', async () => {
  const result = await runCli(['help', 'environment']);
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'NODE_EXTRA_CA_CERTS']) expect(result.stdout).toContain(name);
});

it('a proxy that takes the connection and never answers CONNECT is waited for no longer than --timeout; named, credentials redacted', async () => {
  // A real TCP listener on loopback that reads and never answers: undici would otherwise wait 300 s
  // for the CONNECT's answer (its default headersTimeout), past the end of the command.
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  const env = tlsEnv({ HTTPS_PROXY: `http://carol:s1lent-secret@127.0.0.1:${port}` });
  try {
    const files = sampleAttachments();
    for (const args of [['requests', 'list'], [...fields, '--attach', files.log]]) {
      const result = await runCli([...args, '--timeout', '1'], { env });
      expect(result.timedOut, args[0]).toBe(false);
      expect(result.exitCode, args[0]).toBe(1);
      expect(result.stderr).toContain(`the proxy http://***@127.0.0.1:${port}`);
      expect(result.stderr).toContain('within 1 s');
      expect(result.stderr).not.toContain('s1lent-secret');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(sockets.size).toBeGreaterThan(0);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});
