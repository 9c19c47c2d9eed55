import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type SandboxOptions, type RunningSandbox } from '../../src/sandbox/server.js';
import type { JournalEntry, RequestRecord } from '../../src/sandbox/store.js';
import { afterEach } from 'vitest';
import { parseFault } from '../../src/sandbox/faults.js';
import { tempDir } from './files.js';

export interface TestSandbox extends RunningSandbox {
  dataDir: string;
  /** Environment that points the CLI at this sandbox with its account's API token. */
  env: Record<string, string>;
  /** Every POST, PUT and DELETE the sandbox received. */
  writes(): JournalEntry[];
  requests(): RequestRecord[];
  /** The bytes of an attachment as the sandbox stored them. */
  storedBytes(storedAs: string): Buffer;
}

/** A real sandbox portal on a free loopback port, with its own data folder. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dataDir = tempDir('sandbox-');
  const sandbox = await startSandbox({ dataDir, ...options });
  return {
    ...sandbox,
    dataDir,
    env: {
      SIGMA_SUPPORT_URL: sandbox.url.origin,
      SIGMA_SUPPORT_EMAIL: sandbox.account.email,
      SIGMA_SUPPORT_TOKEN: sandbox.account.apiToken,
    },
    writes: () => sandbox.store.readJournal().filter((e) => e.method !== 'GET'),
    requests: () => [...sandbox.store.requests.values()].sort((a, b) => a.id - b.id),
    storedBytes: (storedAs) => readFileSync(join(dataDir, storedAs)),
  };
}

/** For a test file whose tests each start a sandbox with their own faults (`create=500:once`...): closed after each test. */
export function useFaultySandbox(): (...faults: string[]) => Promise<TestSandbox> {
  let sandbox: TestSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });
  return async (...faults) => {
    sandbox = await startTestSandbox({ faults: faults.map(parseFault) });
    return sandbox;
  };
}
