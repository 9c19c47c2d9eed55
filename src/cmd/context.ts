/** Everything outside the process that a command uses, passed in so tests can swap any of it. */
import type { IOStreams } from '../terminal/iostreams.js';
import type { Prompter } from '../terminal/prompter.js';
import type { SecretStore } from '../auth/secret-store.js';
import type { Settings } from '../config/settings.js';

export interface CommandContext {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  /** Created on first use: prompts load only when a command asks something. */
  prompter: () => Prompter;
  now: () => Date;
  version: string;
  /** Writes a diagnostic line to stderr with --debug; undefined otherwise. */
  debug: ((line: string) => void) | undefined;
  /** Settings from flags, environment, the config file and defaults (see config/). */
  settings: Settings;
  /** The profile in use (--profile, SIGMA_SUPPORT_PROFILE, the config's, or "default"). */
  profile: string;
  /** Where the config file, profiles (and, only if asked, insecure credentials) are kept (app-paths.ts). */
  configDir: string;
  /** What can be thrown away: the portal's Severity field. */
  cacheDir: string;
  /** Drafts of requests that could not be filed. */
  draftsDir: string;
  /** The temporary folder named by the environment (TMPDIR). */
  tempDir: string;
  /** Aborted on SIGINT, SIGTERM or SIGHUP, with an InterruptedError as its reason. */
  signal: AbortSignal;
  /**
   * While held, a second signal aborts the returned signal instead of ending the process at once
   * (a create under way must be answered, or the user told its outcome is unknown).
   */
  holdSecondInterrupt?: () => { signal: AbortSignal; release(): void };
  /** The global flags given (--profile X, --no-color), repeated in the commands hints suggest (see hints.ts). */
  globalFlags: readonly string[];
  /** The secret stores: the OS keychain, and the insecure file. */
  secrets: (kind: 'keychain' | 'file') => SecretStore;
}
