import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Outside keychain/: the files whose tests wait for `auth login --web` on its redirect ports (src/auth/oauth-client.ts). */
const SIGN_IN_FILES = ['test/integration/auth-login-real-portal.test.ts', 'test/integration/hostile-text.test.ts', 'test/pty/oauth-paste.test.ts'];

// Integration and terminal tests run the built binary (bin/ -> dist/), which globalSetup builds once.
export default defineConfig({
  // What scripts/build.js defines, for the tests that run src/ in-process (test/helpers/cli-in-process.ts).
  define: { __VERSION__: JSON.stringify(version) },
  test: {
    globalSetup: ['test/helpers/build.ts'],
    // Most of a test's time is spent waiting (for the sandbox, a retry's wait, a child process),
    // not computing: more files at once than cores (vitest's default is one less than the cores, so one
    // file at a time on two) overlaps the waits. Each file still runs in a process of its own (forks).
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: SIGN_IN_FILES } },
      { extends: true, test: { name: 'pty', include: ['test/pty/**/*.test.ts'], exclude: SIGN_IN_FILES } },
      // After those, one file at a time: the files that wait for a browser sign-in on the fixed
      // loopback ports (one of them holds all three on purpose), then the keychain files, which also
      // sign in and each start their own D-Bus and keyring daemons.
      { extends: true, test: { name: 'sign-in', include: SIGN_IN_FILES, fileParallelism: false, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'keychain', include: ['test/keychain/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 2 } } },
    ],
  },
});
