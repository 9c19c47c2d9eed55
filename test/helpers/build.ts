import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveSignInLock, SIGN_IN_LOCK_VARIABLE } from './sign-in-lock.js';

/**
 * Before the tests: builds dist/ once, so they run what users run, and makes the one folder every
 * test's files go in (tempDir in files.ts), removed when the run ends, and serves the lock that lets
 * one file at a time hold the sign-in ports (sign-in-lock.ts). SIGMA_SUPPORT_TEST_BUILT=1
 * skips the build: only .ci/run sets it, right after a build of the same tree (npm ci's prepare,
 * npm run package), which a second one would only repeat.
 *
 * Vitest runs a global setup for the root and again for each project that inherits it (every one in
 * vitest.config.ts): the first call does the work, and the later ones in the same run find it done.
 */
export default async function setup(): Promise<() => Promise<void>> {
  // Marked with this process's id: a value inherited from a shell that ran tests before means nothing.
  if (process.env.SIGMA_TEST_SETUP_PID === String(process.pid)) return async () => {};
  process.env.SIGMA_TEST_SETUP_PID = String(process.pid);
  if (process.env.SIGMA_SUPPORT_TEST_BUILT !== '1') execFileSync(process.execPath, ['scripts/build.js'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
  const root = mkdtempSync(join(tmpdir(), 'sigma-test-'));
  process.env.SIGMA_TEST_ROOT = root;
  const lockPath = join(root, 'sign-in.sock');
  const stopLock = await serveSignInLock(lockPath);
  process.env[SIGN_IN_LOCK_VARIABLE] = lockPath;
  return async () => {
    await stopLock();
    rmSync(root, { recursive: true, force: true });
  };
}
