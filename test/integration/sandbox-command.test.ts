// `sigma-support sandbox` run on its own, as the README's rehearsal tells users to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNT, SANDBOX_OAUTH_CLIENT_ID } from '../../src/sandbox/fixtures.js';
import { startCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { expectOnlyProgress } from '../helpers/progress.js';

let child: ReturnType<typeof startCli>;
let printed = '';
let origin = '';

beforeAll(async () => {
  child = startCli(['sandbox', '--port', '0']);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.includes('Press Ctrl-C')) resolve();
    });
    void child.then(() => reject(new Error(`the sandbox ended early: ${printed}`)));
  });
  origin = /listening on (\S+)/.exec(printed)![1]!;
});
afterAll(async () => {
  child.kill('SIGTERM');
  await child;
});

describe('a standalone sandbox run', () => {
  it('prints its account and its OAuth client id', () => {
    expect(printed).toContain(SANDBOX_ACCOUNT.apiToken);
    expect(printed).toMatch(new RegExp(`OAuth client id +${SANDBOX_OAUTH_CLIENT_ID} `));
  });

  it('a request filed into it says the sandbox sends no email, not that Sigma does', async () => {
    const result = await runCliInProcess(['submit', '--subject', 'Rehearsal', '--description', 'd', '--severity', 'S3', '--cc', 'ana@example.com'], {
      env: { SIGMA_SUPPORT_URL: origin, SIGMA_SUPPORT_EMAIL: SANDBOX_ACCOUNT.email, SIGMA_SUPPORT_TOKEN: SANDBOX_ACCOUNT.apiToken },
    });
    expectOnlyProgress(result.stderr, []);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Request #\d+ filed/);
    expect(result.stdout).not.toContain('Sigma emails');
    expect(result.stdout).toContain('it sends no confirmation or any other email');
  });
});

describe('stopping a standalone sandbox', () => {
  it.each(['SIGHUP', 'SIGINT'] as const)('%s (a closed terminal or SSH session, Ctrl-C) stops it and says where its data is', async (signal) => {
    const own = startCli(['sandbox', '--port', '0']);
    let out = '';
    await new Promise<void>((resolve, reject) => {
      own.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Press Ctrl-C')) resolve();
      });
      void own.then(() => reject(new Error(`the sandbox ended early: ${out}`)));
    });
    own.kill(signal);
    const ended = await own;
    expect(ended.stderr).toContain('Sandbox stopped. What it received is in');
  });
});

