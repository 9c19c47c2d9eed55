import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type SandboxOptions, type RunningSandbox } from '../../src/sandbox/server.js';
import type { JournalEntry, RequestRecord } from '../../src/sandbox/store.js';
import { afterEach } from 'vitest';
import { parseFault, type FaultTarget } from '../../src/sandbox/faults.js';
import { tempDir } from './files.js';
import { SEVERITY_FIELD_ID } from '../../src/sandbox/fixtures.js';

export interface TestSandbox extends RunningSandbox {
  dataDir: string;
  /** Environment that points the CLI at this sandbox with its account's API token. */
  env: Record<string, string>;
  /** Every POST, PUT and DELETE the sandbox received. */
  writes(): JournalEntry[];
  requests(): RequestRecord[];
  /** The bytes of an attachment as the sandbox stored them. */
  storedBytes(storedAs: string): Buffer;
  /** Sets a request's status as Support's side would (closed: it can no longer be reopened). */
  setStatus(id: number, status: RequestRecord['status']): void;
  /** Files a request straight through the API, as the sandbox account; resolves to its id. */
  seed(subject?: string): Promise<number>;
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
    setStatus: (id, status) => sandbox.store.saveRequest({ ...sandbox.store.requests.get(id)!, status }),
    seed: async (subject = 'Exports fail') => {
      const answer = await fetch(new URL('/api/v2/requests', sandbox.url), {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${sandbox.account.email}/token:${sandbox.account.apiToken}`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ request: { subject, comment: { body: 'Error ID 5e1-77' }, custom_fields: [{ id: SEVERITY_FIELD_ID, value: 'sandbox_severity_medium' }] } }),
      });
      return ((await answer.json()) as { request: { id: number } }).request.id;
    },
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

/** Resolves when a call of `target` reaches the sandbox and takes its fault (`fields=hang`...): the CLI is then waiting for it. */
export function arrivalOf(sandbox: TestSandbox, target: FaultTarget): Promise<void> {
  const take = sandbox.faults.take.bind(sandbox.faults);
  return new Promise((resolve) => {
    sandbox.faults.take = (t) => {
      const kind = take(t);
      if (t === target && kind) resolve();
      return kind;
    };
  });
}
