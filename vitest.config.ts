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
      // The terminal tests share workers too: a process per file cost about a quarter of this
      // project's CPU (measured: 60-62 s instead of 75-81 s, user + system). node-pty on Linux can lose
      // the last output of a child that exits fast (https://github.com/microsoft/node-pty/issues/726):
      // a race between the child and the reader, not the worker. The tests that read a whole page the
      // CLI printed as it exited (help, requests list and view) hold the terminal open until its exit
      // code is printed (PtySession's holdTerminal).
      { extends: true, test: { name: 'pty', include: ['test/pty/**/*.test.ts'] } },
      // Each keychain file starts its own D-Bus session and keyring daemons. The files that wait for
      // `auth login --web` on its fixed redirect ports, here and in the other folders, take turns
      // through a lock (test/helpers/sign-in-ports.ts), not by running after everything else.
      { extends: true, test: { name: 'keychain', include: ['test/keychain/**/*.test.ts'] } },
    ],
  },
});
