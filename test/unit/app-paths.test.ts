import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../src/app-paths.js';

describe('the CLI folders', () => {
  it('come from the environment given, not from this process', () => {
    const env = { HOME: '/home/ana', XDG_CONFIG_HOME: '/cfg', XDG_CACHE_HOME: '/cache', XDG_STATE_HOME: '/state', TMPDIR: '/scratch/' };
    expect(appPaths(env, 'linux')).toEqual({ config: '/cfg/sigma-support', cache: '/cache/sigma-support', drafts: '/state/sigma-support/drafts', temp: '/scratch' });
  });

  it('default to the XDG folders under HOME', () => {
    expect(appPaths({ HOME: '/home/ana' }, 'linux')).toEqual({
      config: join('/home/ana', '.config', 'sigma-support'),
      cache: join('/home/ana', '.cache', 'sigma-support'),
      drafts: join('/home/ana', '.local', 'state', 'sigma-support', 'drafts'),
      temp: '/tmp',
    });
  });
});
