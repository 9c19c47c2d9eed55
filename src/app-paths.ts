/**
 * The CLI's own folders (config, cache, drafts, temporary), worked out from the environment the command was
 * given, never read from the process's own: the entry point (cli.ts) computes them once and passes
 * them in the command context, so a command run in-process with another environment uses that
 * environment's folders.
 *
 * Linux and the BSDs follow the XDG Base Directory specification
 * (https://specifications.freedesktop.org/basedir-spec/latest/): $XDG_CONFIG_HOME, $XDG_CACHE_HOME
 * and $XDG_STATE_HOME, else their defaults under $HOME. macOS and Windows use their platforms'
 * folders, as env-paths names them.
 */
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import envPaths from 'env-paths';

export const APP_NAME = 'sigma-support';

export interface AppPaths {
  /** config.toml, profiles.json and, only if asked, insecure credentials. */
  config: string;
  /** What can be thrown away: the portal's Severity field, the standalone executable's keychain addon. */
  cache: string;
  /** Drafts of requests that could not be filed. */
  drafts: string;
  /** The temporary folder (TMPDIR, as os.tmpdir() reads it: https://nodejs.org/api/os.html#ostmpdir). */
  temp: string;
}

export function appPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): AppPaths {
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') {
    const home = env.HOME || homedir();
    const xdg = (name: string, fallback: string[]) => join(env[name] || join(home, ...fallback), APP_NAME);
    return {
      config: xdg('XDG_CONFIG_HOME', ['.config']),
      cache: xdg('XDG_CACHE_HOME', ['.cache']),
      drafts: join(xdg('XDG_STATE_HOME', ['.local', 'state']), 'drafts'),
      temp: (env.TMPDIR || env.TMP || env.TEMP || '/tmp').replace(/(.)\/+$/, '$1'),
    };
  }
  const paths = envPaths(APP_NAME, { suffix: '' });
  return { config: paths.config, cache: paths.cache, drafts: join(paths.data, 'drafts'), temp: tmpdir() };
}
