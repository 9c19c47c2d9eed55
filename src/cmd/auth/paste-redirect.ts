/**
 * At a terminal, while `auth login --web` waits for the browser: a line where the user may paste the
 * address the browser ended on. A browser on another machine (over SSH, on a headless server)
 * cannot come back to this machine's loopback; the address it shows holds the code and the state.
 */
import { codeFromRedirect, parsePastedRedirect, type RedirectReceiver } from '../../auth/oauth-redirect.js';
import { InterruptedError } from '../../errors.js';
import type { IOStreams } from '../../terminal/iostreams.js';

/** Starts asking; settles the receiver with a pasted answer. Returns a function that stops asking. */
export function pasteRedirect(io: IOStreams, state: string, settle: RedirectReceiver['settle']): () => void {
  const controller = new AbortController();
  void (async () => {
    const { createInterface } = await import('node:readline/promises');
    if (controller.signal.aborted) return;
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    rl.on('SIGINT', () => {
      settle.reject(new InterruptedError('Interrupted (Ctrl-C). Nothing was stored.'));
      rl.close();
    });
    controller.signal.addEventListener('abort', () => rl.close());
    try {
      for (;;) {
        const text = await rl.question('If the browser is on another machine, paste here the address it ended on: ', { signal: controller.signal });
        if (text.trim() === '') continue;
        const address = parsePastedRedirect(text);
        if (!address) {
          io.stderr.write('That is not it: the address the browser ended on starts with http://127.0.0.1 and carries ?code=…&state=….\n');
          continue;
        }
        try {
          settle.resolve(codeFromRedirect(address, state));
        } catch (error) {
          settle.reject(error as Error);
        }
        return;
      }
    } catch {
      // stopped: the browser came back by itself, or the login ended
    } finally {
      rl.close();
    }
  })();
  return () => controller.abort();
}
