import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// Integration and terminal tests run the built binary (bin/ -> dist/), which globalSetup builds once.
export default defineConfig({
  // What scripts/build.js defines, for any src/ module a test imports that reads it (src/program.ts).
  define: { __VERSION__: JSON.stringify(version) },
  test: {
    globalSetup: ['test/helpers/build.ts'],
    setupFiles: ['test/helpers/per-file.ts'],
    // Most of a test's time is spent waiting (for the sandbox, a retry's wait, a child process),
    // not computing: more files at once than cores (vitest's default is one less than the cores, so one
    // file at a time on two) overlaps the waits.
    pool: 'forks',
    maxWorkers: 3,
    // A worker process runs file after file and keeps what it imported (src/, the sandbox, the
    // helpers), rather than a new process per file transforming and importing them again: that was
    // most of the run's CPU. No file changes this process's environment, exit code or handlers, and
    // each one starts and stops its own sandboxes and temporary folders.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      // A process per file, as before: these tests spend their time in the CLI's own process, and
      // node-pty on Linux can lose the last output of a child that exits fast
      // (https://github.com/microsoft/node-pty/issues/726), which one of them met once in a shared worker.
      { extends: true, test: { name: 'pty', include: ['test/pty/**/*.test.ts'], isolate: true } },
      // Each keychain file starts its own D-Bus session and keyring daemons. The files that wait for
      // `auth login --web` on its fixed redirect ports, here and in the other folders, take turns
      // through a lock (test/helpers/sign-in-ports.ts), not by running after everything else.
      { extends: true, test: { name: 'keychain', include: ['test/keychain/**/*.test.ts'] } },
    ],
  },
});
