// The real portal is https: its calls (Node's https, JSON and uploads alike) are run
// through TLS here, with a certificate made for the test and trusted through NODE_EXTRA_CA_CERTS,
// as a user behind a re-signing proxy would. An https server on loopback passes each call on to a
// sandbox.
import type { Server } from 'node:https';
import { basename } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectOnlyProgress } from '../helpers/progress.js';
import { sampleAttachments, sha256, sha256File } from '../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { startTlsPortal } from '../helpers/tls-portal.js';

let sandbox: TestSandbox;
let server: Server;
let portal: string;
let cert: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  const tls = await startTlsPortal(sandbox, 'localhost', 'DNS:localhost,IP:127.0.0.1');
  ({ server, cert } = tls);
  portal = `https://localhost:${tls.port}`;
});
afterAll(async () => {
  server.close();
  await sandbox.close();
});

const fields = ['submit', '--subject', 'Over TLS', '--description', 'Error ID 443', '--severity', 'S3'];

it('files a request with an attachment over https, trusting the certificate given', async () => {
  const files = sampleAttachments();
  const result = await runCli([...fields, '--attach', files.binary, '--json'], { env: { ...sandbox.env, SIGMA_SUPPORT_URL: portal, NODE_EXTRA_CA_CERTS: cert } });
  expectOnlyProgress(result.stderr, [basename(files.binary)]);
  expect(result.exitCode).toBe(0);
  const stored = sandbox.requests().find((r) => r.id === JSON.parse(result.stdout).id)!;
  const attachment = stored.comments[0]!.attachments[0]!;
  expect(sha256(sandbox.storedBytes(attachment.stored_as))).toBe(sha256File(files.binary));
});

it('refuses a certificate it cannot verify, says what to do, and sends nothing', async () => {
  const before = sandbox.writes().length;
  const result = await runCli(fields, { env: { ...sandbox.env, SIGMA_SUPPORT_URL: portal } });
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/error: the certificate of localhost:\d+ cannot be trusted \(self-signed certificate\) while checking the credentials/);
  expect(result.stderr).toMatch(/NODE_EXTRA_CA_CERTS/);
  // not retried (nothing can change), and the lookups still under way when it failed are not either
  expect(result.stderr).not.toMatch(/retrying/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(sandbox.writes().length).toBe(before);
});
