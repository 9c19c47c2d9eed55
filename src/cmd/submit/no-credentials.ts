/**
 * `submit` at a terminal with no credentials: instead of stopping (exit 4), it offers two ways on:
 * log in now and then go on with the form, or open the portal's own form in the browser, pre-filled
 * with what was given. Nothing given is lost either way: credentials are looked for before any
 * prompt, and the flags carry over to both.
 */
import { NoCredentialsError } from '../../auth/credentials.js';
import type { CommandContext } from '../context.js';
import type { Session } from '../session.js';

export type WayOn = 'login' | 'web';

/**
 * Opens the session; when no credentials are found and a person is at the terminal, asks which way
 * on. Returns undefined when the request went to the browser form instead.
 */
export async function sessionOrWayOn(
  ctx: CommandContext,
  interactive: boolean,
  portalFlag: string | undefined,
  open: () => Promise<Session>,
  toBrowser: () => Promise<void>,
): Promise<Session | undefined> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof NoCredentialsError) || !interactive) throw error;
    ctx.io.stderr.write('You are not logged in to the support portal.\n');
    const way = await ctx.prompter().select<WayOn>({
      message: 'How do you want to go on?',
      choices: [
        { value: 'login', name: 'Log in now, then continue with the form', description: 'The same as `sigma-support auth login`; what you gave is kept.' },
        { value: 'web', name: "Open the portal's form in the browser, pre-filled", description: 'No login here: the browser signs in, and you submit there.' },
      ],
    });
    if (way === 'web') {
      await toBrowser();
      return undefined;
    }
    const { runLogin } = await import('../auth/login.js');
    await runLogin({ portal: portalFlag, browser: true }, ctx);
    return open();
  }
}
