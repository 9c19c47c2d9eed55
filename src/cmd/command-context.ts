/**
 * How a command's context is made from the process (or what a test gives instead): the folders,
 * settings, profile, secret stores, prompts and interrupt signals. One module for both entry points,
 * src/cli.ts (every command, through commander) and src/fast/auth-status.ts (`auth status` without
 * commander), so the two cannot drift apart.
 */
import { InterruptedError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { PROFILE_NAME, PROFILE_NAME_HINT } from '../auth/profile-name.js';
import type { Settings } from '../config/settings.js';
import type { IOStreams, StandardStreams } from '../terminal/iostreams.js';
import type { Prompter } from '../terminal/prompter.js';
import { sanitize } from '../terminal/sanitize.js';
import type { CommandContext } from './context.js';
import { globalFlagWords } from './hints.js';

/**
 * What main() takes from outside the process. The executable (bin/sigma-support.cjs) gives none of
 * it: the process's own. Tests that run commands in this process (test/helpers/cli-in-process.ts)
 * give their own environment, streams and signal, so nothing leaks between them.
 */
export interface MainOverrides {
  /** Standard input, output and error (by default the process's). */
  stdio?: StandardStreams;
  /** The environment: the settings, credentials and proxy variables it holds, and the folders it names (app-paths.ts). */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  prompter?: Prompter;
  /** Replaces the SIGINT/SIGTERM/SIGHUP handling: no handler is installed on the process. */
  signal?: AbortSignal;
  /** Node's arguments that run the keychain helper (by default the one next to this bundle). */
  keychainHelper?: () => Promise<string[]>;
}

/** The global flags (src/program.ts), as commander gives them. */
export interface GlobalFlags {
  debug?: boolean;
  /** commander's negated --no-color: false when given. */
  color: boolean;
  profile?: string;
}

export function profileName(settings: Settings, flag: string | undefined): string {
  if (flag !== undefined && !PROFILE_NAME.test(flag)) throw new UsageError(`--profile: "${flag}" is not a profile name`, PROFILE_NAME_HINT);
  return settings.get('profile', flag) ?? 'default';
}

export interface CommandRuntime {
  /** The context for a command run with these global flags. */
  context(flags: GlobalFlags): Promise<CommandContext>;
  /** Handles SIGINT, SIGTERM and SIGHUP (unless the overrides give a signal) until the returned function is called. */
  listen(): () => void;
}

/** Makes the prompter a command asks its questions with (src/terminal/prompter.ts: inquirerPrompter), when it first asks one. */
export type MakePrompter = (io: IOStreams, signal: AbortSignal, env: NodeJS.ProcessEnv) => Prompter;

export function commandRuntime(io: IOStreams, env: NodeJS.ProcessEnv, version: string, overrides: MainOverrides, makePrompter: MakePrompter): CommandRuntime {
  let prompter = overrides.prompter;
  const interrupt = new AbortController();
  const signal = overrides.signal ?? interrupt.signal;
  // While a command holds it (a create under way), a second Ctrl-C aborts this instead of exiting.
  const second = new AbortController();
  let holds = 0;
  const context = async (flags: GlobalFlags): Promise<CommandContext> => {
    const [{ appPaths }, { osKeychain, fileSecretStore }, { Settings }] = await Promise.all([
      import('../app-paths.js'),
      import('../auth/secret-store.js'),
      import('../config/settings.js'),
    ]);
    const paths = appPaths(env);
    const settings = await Settings.load(env, paths.config);
    return {
      io,
      env,
      now: overrides.now ?? (() => new Date()),
      version,
      prompter: () => (prompter ??= makePrompter(io, signal, env)),
      signal,
      holdSecondInterrupt: () => {
        holds++;
        let held = true;
        return {
          signal: second.signal,
          release: () => {
            if (held) holds--;
            held = false;
          },
        };
      },
      debug: flags.debug ? (line) => io.stderr.write(`[debug] ${sanitize(line)}\n`) : undefined,
      settings,
      profile: profileName(settings, flags.profile),
      globalFlags: globalFlagWords(flags),
      configDir: paths.config,
      cacheDir: paths.cache,
      draftsDir: paths.drafts,
      tempDir: paths.temp,
      secrets: (kind) => (kind === 'keychain' ? osKeychain({ env, helper: overrides.keychainHelper }) : fileSecretStore(paths.config)),
    };
  };
  const listen = () => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (!interrupt.signal.aborted) return interrupt.abort(new InterruptedError(`Interrupted by ${signal}.`));
      if (holds > 0 && !second.signal.aborted) return second.abort(new InterruptedError(`Interrupted again by ${signal}.`));
      process.exit(ExitCode.interrupted); // a second Ctrl-C: stop now
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    if (!overrides.signal) for (const s of signals) process.on(s, onSignal);
    return () => {
      for (const s of signals) process.off(s, onSignal);
    };
  };
  return { context, listen };
}
