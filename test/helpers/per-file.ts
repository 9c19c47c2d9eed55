/**
 * Runs before each test file (vitest.config.ts setupFiles). A worker process runs file after file
 * and imports the helpers once, so what must happen at the end of every file is registered here,
 * not at the top of a helper module, which would register it for the first file only.
 */
import { afterAll } from 'vitest';
import { killAll } from './cli.js';

// the CLI processes a file started outside a test (in a beforeAll) and left running
afterAll(killAll);
