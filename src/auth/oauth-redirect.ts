/**
 * Where the browser comes back after the sign-in: a loopback server on the first free port of the
 * fixed list (oauth-client.ts), or, over SSH and on headless machines where the browser runs
 * elsewhere, the address the browser ended on, pasted by the user. Either way `state` must be the
 * one this login sent (https://datatracker.ietf.org/doc/html/rfc6749#section-10.12).
 */
import type { Server } from 'node:http';
import { AuthError, CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { OAUTH_REDIRECT_PORTS, redirectUriFor } from './oauth-client.js';

export interface RedirectReceiver {
  redirectUri: string;
  /** Resolves to the code once the browser comes back with the right state. */
  code: Promise<string>;
  /** Settles `code` from elsewhere (a pasted address), as if the browser had come back. */
  settle: { resolve: (code: string) => void; reject: (e: Error) => void };
  close(): Promise<void>;
}

/** The code in the address the authorization ended on, after checking its state. Throws AuthError for another state or a refusal. */
export function codeFromRedirect(address: URL, state: string): string {
  if (address.searchParams.get('state') !== state) {
    throw new AuthError('the sign-in answer did not carry the state this login sent, so it was refused', 'Run `sigma-support auth login --web` again; if it happens again, someone may be interfering with the sign-in.');
  }
  const error = address.searchParams.get('error');
  const code = address.searchParams.get('code');
  if (error || !code) {
    const description = address.searchParams.get('error_description');
    throw new AuthError(`the portal did not authorize the sign-in${error ? ` (${error}${description ? `: ${description}` : ''})` : ''}`);
  }
  return code;
}

/** A pasted address, if it is one that carries an answer (`code`, `error` or `state`); undefined otherwise. */
export function parsePastedRedirect(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const p = url.searchParams;
  return p.has('code') || p.has('error') || p.has('state') ? url : undefined;
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

/** Listens on 127.0.0.1:port; false when the port is taken. */
function listen(server: Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/** Listens for the redirect on the first free port of the list, checks `state`, and gives up after timeoutMs. */
export async function receiveRedirect(state: string, timeoutMs: number, ports: readonly number[] = OAUTH_REDIRECT_PORTS): Promise<RedirectReceiver> {
  let settle!: RedirectReceiver['settle'];
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => {});
  // Loaded here, by login only: on Node 22 and later, importing node:http as an ES module also loads
  // Node's own copy of undici (its WebSocket exports), about 25 ms that every other command would pay.
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const answer = (status: number, title: string, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }).end(page(title, text));
    };
    try {
      settle.resolve(codeFromRedirect(url, state));
      answer(200, 'Signed in', 'sigma-support is signed in. You can close this tab and go back to your terminal.');
    } catch (error) {
      const foreign = url.searchParams.get('state') !== state;
      answer(400, foreign ? 'Sign-in refused' : 'Sign-in not completed', foreign ? 'This answer does not belong to the sign-in under way. Run the login again.' : 'Go back to your terminal.');
      settle.reject(error as Error);
    }
  });
  let port: number | undefined;
  for (const candidate of ports) {
    if (await listen(server, candidate)) {
      port = candidate;
      break;
    }
  }
  if (port === undefined) {
    throw new CliError(
      `cannot wait for the sign-in: ports ${ports.join(', ')} on 127.0.0.1 are all in use`,
      ExitCode.failure,
      'These are the only redirect addresses the portal accepts. Another sign-in may be under way: finish it, then try again.',
    );
  }
  const timer = setTimeout(
    () => settle.reject(new CliError(`no sign-in came back within ${Math.round(timeoutMs / 1000)} s`, ExitCode.auth, 'Run the login again, and finish it in the browser.')),
    timeoutMs,
  );
  return {
    redirectUri: redirectUriFor(port),
    code,
    settle,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
