/**
 * The entry point: runs one command and turns every outcome into an exit code. The command tree is
 * in program.ts; each command's code loads only when that command runs, so `--version` and
 * `--help` stay fast.
 */
import { CommanderError, type Command } from 'commander';
import { CliError, InterruptedError, UsageError } from './errors.js';
import { refuseInvalidUtf8 } from './cmd/argv-encoding.js';
import type { Settings } from './config/settings.js';
import { PROFILE_NAME, PROFILE_NAME_HINT } from './auth/profile-name.js';
import { ExitCode } from './exit-codes.js';
import { globalFlagWords, withGlobalFlags } from './cmd/hints.js';
import type { CommandContext } from './cmd/context.js';
import { buildProgram, HELP_TOPICS, VERSION, type ProgramActions } from './program.js';
import { processStreams, type IOStreams, type StandardStreams } from './terminal/iostreams.js';
import { inquirerPrompter, type Prompter } from './terminal/prompter.js';
import { sanitize } from './terminal/sanitize.js';

export { VERSION };

function profileName(settings: Settings, flag: string | undefined): string {
  if (flag !== undefined && !PROFILE_NAME.test(flag)) throw new UsageError(`--profile: "${flag}" is not a profile name`, PROFILE_NAME_HINT);
  return settings.get('profile', flag) ?? 'default';
}

/** A command's run function takes its arguments, then the context: these are the arguments. */
type ArgsBeforeContext<F> = F extends (...args: [...infer A, CommandContext]) => Promise<void> ? A : never;

/**
 * The real actions: each loads its command's module only when that command runs (esbuild keeps the
 * literal `import()` as a require on first use), then runs the named function with the context.
 */
function commandActions(context: () => Promise<CommandContext>, program: () => Command, stdout: NodeJS.WritableStream): ProgramActions {
  const lazy =
    <M, K extends keyof M>(load: () => Promise<M>, name: K) =>
    async (...args: ArgsBeforeContext<M[K]>): Promise<void> => {
      const run = (await load())[name] as (...args: [...ArgsBeforeContext<M[K]>, CommandContext]) => Promise<void>;
      return run(...args, await context());
    };
  const submit = () => import('./cmd/submit/run.js');
  const requests = { list: () => import('./cmd/requests/list.js'), view: () => import('./cmd/requests/view.js'), reply: () => import('./cmd/requests/reply.js'), solve: () => import('./cmd/requests/solve.js') };
  const config = () => import('./cmd/config/run.js');
  const auth = { login: () => import('./cmd/auth/login.js'), status: () => import('./cmd/auth/status.js'), logout: () => import('./cmd/auth/logout.js') };
  const drafts = () => import('./cmd/drafts/run.js');
  return {
    submit: lazy(submit, 'runSubmit'),
    sandbox: lazy(() => import('./cmd/sandbox/run.js'), 'runSandbox'),
    requests: { list: lazy(requests.list, 'runList'), view: lazy(requests.view, 'runView'), reply: lazy(requests.reply, 'runReply'), solve: lazy(requests.solve, 'runSolve') },
    config: { get: lazy(config, 'runGet'), set: lazy(config, 'runSet'), unset: lazy(config, 'runUnset'), list: lazy(config, 'runList') },
    auth: { login: lazy(auth.login, 'runLogin'), status: lazy(auth.status, 'runStatus'), logout: lazy(auth.logout, 'runLogout') },
    status: lazy(() => import('./cmd/status/run.js'), 'runStatusPage'),
    drafts: { list: lazy(drafts, 'runDraftsList'), show: lazy(drafts, 'runDraftsShow'), delete: lazy(drafts, 'runDraftsDelete') },
    completion: async (shell) => {
      const { completionModel } = await import('./completion/model.js');
      const { completionScript } = await import('./completion/scripts.js');
      const { CONFIG_KEY_NAMES } = await import('./config/config-key-docs.js');
      const commands = program().commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden && c.name() !== 'help').map((c) => c.name());
      const argumentWords = { 'config get': CONFIG_KEY_NAMES, 'config set': CONFIG_KEY_NAMES, 'config unset': CONFIG_KEY_NAMES, help: [...HELP_TOPICS, ...commands] };
      stdout.write(completionScript(shell, completionModel(program(), argumentWords)));
    },
    profiles: async () => {
      const ctx = await context();
      const { ProfileStore } = await import('./auth/profiles.js');
      const names = Object.keys(await new ProfileStore(ctx.configDir).all().catch(() => ({})));
      stdout.write(names.map((n) => `${n}\n`).join(''));
    },
    draftPaths: async () => {
      // Only the file names are read: what a draft holds is the draft store's business.
      const [ctx, { readdir }, { join }] = await Promise.all([context(), import('node:fs/promises'), import('node:path')]);
      const names = await readdir(ctx.draftsDir).catch(() => [] as string[]);
      stdout.write(names.filter((n) => n.endsWith('.json')).sort().map((n) => `${join(ctx.draftsDir, n)}\n`).join(''));
    },
    templateNames: async () => {
      const { templateNames } = await import('./templates/template-folder.js');
      // a name with spaces or control characters would break the shells' word lists
      const names = (await templateNames((await context()).configDir)).filter((n) => /^[^\s\u0000-\u001f\u007f]+$/.test(n));
      stdout.write(names.map((n) => `${n}\n`).join(''));
    },
    topic: async (topic) => {
      const { topicHelp } = await import('./cmd/help-topics.js');
      stdout.write(`${topicHelp(topic)}\n`);
    },
  };
}

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

interface GlobalFlags {
  debug?: boolean;
  color: boolean;
  profile?: string;
}

/** The arguments without the global flags (program.ts): --debug, --no-color, --profile NAME or --profile=NAME. */
function withoutGlobalFlags(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--profile') i++;
    else if (a !== '--debug' && a !== '--no-color' && !a.startsWith('--profile=')) rest.push(a);
  }
  return rest;
}

/** Runs the CLI with these arguments; resolves to the exit code. */
export async function main(argv: readonly string[], overrides: MainOverrides = {}): Promise<number> {
  const env = overrides.env ?? process.env;
  // Global flags change nothing about --version and --licenses: they are looked at without them.
  const bare = withoutGlobalFlags(argv);
  if (bare.some((a) => a === '--version' || a === '-V') && bare.every((a) => a.startsWith('-'))) {
    // bin/sigma-support.cjs answers `--version` alone the same way, without loading this file.
    const { isStandalone } = await import('./standalone/sea.js');
    processStreams(env, true, overrides.stdio).stdout.write(`sigma-support ${VERSION} (node ${process.version}; ${process.platform}-${process.arch}; ${isStandalone() ? 'standalone' : 'npm'})\n`);
    return ExitCode.ok;
  }
  if (bare.includes('--licenses') && bare.every((a) => a.startsWith('-'))) {
    const { thirdPartyNotices } = await import('./licenses.js');
    processStreams(env, true, overrides.stdio).stdout.write(await thirdPartyNotices());
    return ExitCode.ok;
  }
  const wantsDebug = argv.includes('--debug');
  const noColor = argv.includes('--no-color');
  const io = processStreams(env, noColor, overrides.stdio);
  let prompter = overrides.prompter;
  const interrupt = new AbortController();
  const signal = overrides.signal ?? interrupt.signal;
  // While a command holds it (a create under way), a second Ctrl-C aborts this instead of exiting.
  const second = new AbortController();
  let holds = 0;
  const context = async (): Promise<CommandContext> => {
    const flags = program.opts<GlobalFlags>();
    const [{ appPaths }, { osKeychain, fileSecretStore }, { Settings }] = await Promise.all([
      import('./app-paths.js'),
      import('./auth/secret-store.js'),
      import('./config/settings.js'),
    ]);
    const paths = appPaths(env);
    const settings = await Settings.load(env, paths.config);
    return {
      io,
      env,
      now: overrides.now ?? (() => new Date()),
      version: VERSION,
      prompter: () => (prompter ??= inquirerPrompter(io, signal, env)),
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
  const program: Command = buildProgram(commandActions(context, () => program, io.stdout), io.stdout, io.stderr, argv);
  const onSignal = (signal: NodeJS.Signals) => {
    if (!interrupt.signal.aborted) return interrupt.abort(new InterruptedError(`Interrupted by ${signal}.`));
    if (holds > 0 && !second.signal.aborted) return second.abort(new InterruptedError(`Interrupted again by ${signal}.`));
    process.exit(ExitCode.interrupted); // a second Ctrl-C: stop now
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  if (!overrides.signal) for (const s of signals) process.on(s, onSignal);
  try {
    refuseInvalidUtf8(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return report(error, io, wantsDebug, globalFlagWords(program.opts<GlobalFlags>()));
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

function report(error: unknown, io: IOStreams, debug: boolean, globals: readonly string[]): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    // commander has printed its message already
    if (error.code === 'commander.invalidArgument' || error.code.startsWith('commander.')) {
      io.stderr.write('Run with --help to see the flags and examples.\n');
      return ExitCode.usage;
    }
  }
  if (error instanceof CliError) {
    // messages carry text from the portal and file names: they go through the sanitiser like any
    io.stderr.write(`${error.exitCode === ExitCode.cancelled ? '' : 'error: '}${withGlobalFlags(sanitize(error.message, { multiline: true }), globals)}\n`);
    if (error.hint) io.stderr.write(`${withGlobalFlags(sanitize(error.hint, { multiline: true }), globals)}\n`);
    if (debug && error.stack) io.stderr.write(`${sanitize(error.stack, { multiline: true })}\n`);
    return error.exitCode;
  }
  io.stderr.write(`error: unexpected failure: ${sanitize((error as Error)?.message ?? String(error), { multiline: true })}\n`);
  io.stderr.write(debug ? `${sanitize((error as Error)?.stack ?? '', { multiline: true })}\n` : 'Run again with --debug for details, and report it if it persists.\n');
  return ExitCode.failure;
}
