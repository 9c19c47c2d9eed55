import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Before the tests: builds dist/ once, so they run what users run, and makes the one folder every
 * test's files go in (tempDir in files.ts), removed when the run ends. SIGMA_SUPPORT_TEST_BUILT=1
 * skips the build: only .ci/run sets it, right after a build of the same tree (npm ci's prepare,
 * npm run package), which a second one would only repeat.
 *
 * Vitest runs a global setup for the root and again for each project that inherits it (every one in
 * vitest.config.ts): the first call does the work, and the later ones in the same run find it done.
 */
export default function setup(): () => void {
  // Marked with this process's id: a value inherited from a shell that ran tests before means nothing.
  if (process.env.SIGMA_TEST_SETUP_PID === String(process.pid)) return () => {};
  process.env.SIGMA_TEST_SETUP_PID = String(process.pid);
  if (process.env.SIGMA_SUPPORT_TEST_BUILT !== '1') execFileSync(process.execPath, ['scripts/build.js'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
  const root = mkdtempSync(join(tmpdir(), 'sigma-test-'));
  process.env.SIGMA_TEST_ROOT = root;
  return () => rmSync(root, { recursive: true, force: true });
}
