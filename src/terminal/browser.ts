/** Opens a page in the user's browser where one can show; otherwise (SSH, no display) prints the URL. */
import type { IOStreams } from './iostreams.js';

export function browserCanOpen(env: NodeJS.ProcessEnv): boolean {
  if (env.BROWSER === 'none') return false;
  if (env.SSH_CONNECTION || env.SSH_TTY) return false;
  if (process.platform === 'linux') return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY || env.WSL_DISTRO_NAME);
  return true;
}

/** Tries to open the URL in the default browser; false when it could not be started. */
export async function tryOpen(url: string): Promise<boolean> {
  try {
    const { open } = await import('../vendor/open.js');
    const child = await open(url);
    child.on('error', () => {});
    return true;
  } catch {
    return false;
  }
}

/** Prints the URL on stdout, and opens it when a browser can show it. Resolves to whether one was opened. */
export async function openInBrowser(url: string, ctx: { env: NodeJS.ProcessEnv; io: Pick<IOStreams, 'stdout' | 'stderr'> }, { allow = true } = {}): Promise<boolean> {
  ctx.io.stdout.write(`${url}\n`);
  const opened = allow && browserCanOpen(ctx.env) && (await tryOpen(url));
  if (!opened) ctx.io.stderr.write('(No browser was opened here: open the URL above yourself.)\n');
  return opened;
}
