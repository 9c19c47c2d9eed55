/**
 * One file at a time holds the fixed sign-in redirect ports (OAUTH_REDIRECT_PORTS in
 * src/auth/oauth-client.ts), while every other file runs beside it. The run's global setup
 * (build.ts) serves a first-come, first-served lock on a Unix socket; a file takes it before its
 * tests and gives it back after them by closing its connection, which a crashed worker's exit does too.
 */
import { rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';

export const SIGN_IN_LOCK_VARIABLE = 'SIGMA_TEST_SIGN_IN_LOCK';

/**
 * Serves the lock at `path`: the oldest waiting connection is told "go", the next one when it
 * closes. The returned function stops it, dropping any connection left.
 */
export async function serveSignInLock(path: string): Promise<() => Promise<void>> {
  rmSync(path, { force: true });
  const waiting: Socket[] = [];
  const grant = () => waiting[0]?.write('go\n');
  const server = createServer((socket) => {
    waiting.push(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      const first = waiting[0] === socket;
      waiting.splice(waiting.indexOf(socket), 1);
      if (first) grant();
    });
    if (waiting.length === 1) grant();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  return () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of waiting) socket.destroy();
  });
}

/** Waits for the lock served at the path in SIGMA_TEST_SIGN_IN_LOCK; the returned function gives it back. */
export async function takeSignInLock(): Promise<() => Promise<void>> {
  const path = process.env[SIGN_IN_LOCK_VARIABLE];
  if (!path) throw new Error(`${SIGN_IN_LOCK_VARIABLE} is not set: run the tests through vitest (test/helpers/build.ts serves the lock)`);
  const socket = connect(path);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('data', () => resolve());
    socket.once('close', () => reject(new Error('the sign-in lock closed before it was granted')));
  });
  return () => new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.end();
  });
}
