import { afterAll, beforeAll } from 'vitest';
import { takeSignInLock } from './sign-in-lock.js';

/**
 * For a file whose tests listen on the fixed sign-in redirect ports: holds them from before its
 * first test to after its last, so no other such file runs meanwhile. Call it first in the file,
 * before any other hook.
 */
export function holdSignInPorts(): void {
  let release: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    release = await takeSignInLock();
  });
  afterAll(async () => {
    await release?.();
  });
}
