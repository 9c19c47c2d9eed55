import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds dist/ once before the tests, so they run what users run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.js'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
}
