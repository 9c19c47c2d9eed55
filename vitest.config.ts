import { defineConfig } from 'vitest/config';

// Integration and terminal tests run the built binary (bin/ -> dist/), which globalSetup builds once.
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'pty', include: ['test/pty/**/*.test.ts'] } },
      { extends: true, test: { name: 'keychain', include: ['test/keychain/**/*.test.ts'] } },
    ],
  },
});
