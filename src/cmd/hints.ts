/**
 * The commands a hint suggests repeat the global flags given on this command line (--profile,
 * --no-color), so that following a hint acts on the same profile as the command that printed it.
 */
import { PROFILE_NAME } from '../auth/profile-name.js';

export interface GivenGlobals {
  profile?: string | undefined;
  /** commander's negated --no-color: false when given. */
  color?: boolean | undefined;
}

/** The global flags to repeat, as words. --debug is left out: it is a diagnostic, not a choice. */
export function globalFlagWords(given: GivenGlobals): string[] {
  return [...(given.profile !== undefined && PROFILE_NAME.test(given.profile) ? ['--profile', given.profile] : []), ...(given.color === false ? ['--no-color'] : [])];
}

const COMMAND = /\bsigma-support (?=(?:submit|sandbox|requests|drafts|status|config|auth|completion|help)\b)/g;

/** Puts the given global flags into every `sigma-support <command>` the text suggests. */
export function withGlobalFlags(text: string, words: readonly string[]): string {
  return words.length ? text.replace(COMMAND, `sigma-support ${words.join(' ')} `) : text;
}
