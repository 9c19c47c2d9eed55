/** Colours for stderr that follow IOStreams.color (NO_COLOR, FORCE_COLOR, --no-color, TERM=dumb). */
import { Chalk, type ChalkInstance } from 'chalk';
import type { IOStreams } from './iostreams.js';

export function styleFor(io: IOStreams): ChalkInstance {
  return new Chalk({ level: io.color ? 1 : 0 });
}
