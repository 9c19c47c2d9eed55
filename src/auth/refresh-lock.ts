/**
 * A lock across processes for one profile's OAuth refresh (see oauthAuth in oauth.ts): a folder
 * made atomically beside profiles.json, by proper-lockfile, which also takes over a lock whose
 * holder died (stale after 20 s; the holder keeps it fresh while it works).
 */
import { join } from 'node:path';

export function profileRefreshLock(configDir: string, profile: string) {
  return async <T>(work: () => Promise<T>): Promise<T> => {
    const [{ lock }, { mkdir }] = await Promise.all([import('../vendor/lockfile.js'), import('node:fs/promises')]);
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    const release = await lock(configDir, {
      lockfilePath: join(configDir, `${profile}.oauth-refresh.lock`),
      realpath: false,
      stale: 20_000,
      // waits up to about 25 s for another process's refresh (one token call) to finish
      retries: { retries: 100, minTimeout: 50, maxTimeout: 250 },
      // a lock lost while refreshing changes nothing here: the store is re-read under the next one
      onCompromised: () => {},
    });
    try {
      return await work();
    } finally {
      await release().catch(() => {});
    }
  };
}
