/** Colours for stderr that follow IOStreams.color (NO_COLOR, FORCE_COLOR, --no-color, TERM=dumb). */
import { Chalk, type ChalkInstance } from 'chalk';
import type { IOStreams } from './iostreams.js';

/**
 * chalk for this output, made on first use: most runs never colour anything (a script, a pipe,
 * --json), and the bundle loads chalk (and with it node:tty and node:os) only when it is made
 * (scripts/build.js makes the import lazy): about 5 ms of every start.
 */
export function styleFor(io: IOStreams): ChalkInstance {
  let chalk: ChalkInstance | undefined;
  const real = () => (chalk ??= new Chalk({ level: io.color ? 1 : 0 }));
  return new Proxy((() => undefined) as unknown as ChalkInstance, {
    get: (_, key) => Reflect.get(real(), key),
    has: (_, key) => Reflect.has(real(), key),
    apply: (_, __, args: unknown[]) => Reflect.apply(real(), undefined, args),
  });
}
