// An https portal on loopback for the tests: a certificate made with openssl for the names given, and
// a server that passes each call on to a sandbox. Trusted through NODE_EXTRA_CA_CERTS, as a user
// behind a re-signing proxy would.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './files.js';
import type { TestSandbox } from './sandbox.js';

export interface TlsPortal {
  server: Server;
  port: number;
  /** The certificate's PEM file, for NODE_EXTRA_CA_CERTS. */
  cert: string;
}

/** `altNames` as openssl takes them: `DNS:localhost,IP:127.0.0.1`. */
export async function startTlsPortal(sandbox: TestSandbox, commonName: string, altNames: string): Promise<TlsPortal> {
  const dir = tempDir('tls-');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=${altNames}`], { stdio: 'ignore' });
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const upstream = httpRequest({ host: '127.0.0.1', port: sandbox.url.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, cert };
}
