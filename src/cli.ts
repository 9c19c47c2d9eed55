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
import { processStreams, type IOStreams } from './terminal/iostreams.js';
import { inquirerPrompter, type Prompter } from './terminal/prompter.js';
import { sanitize } from './terminal/sanitize.js';

export { VERSION };

function profileName(settings: Settings, flag: string | undefined): string {
  if (flag !== undefined && !PROFILE_NAME.test(flag)) throw new UsageError(`--profile: "${flag}" is not a profile name`, PROFILE_NAME_HINT);
  return settings.get('profile', flag) ?? 'default';
}

/** The real actions: each loads its command's code, then runs it with the context. */
function commandActions(context: () => Promise<CommandContext>, program: () => Command, stdout: NodeJS.WritableStream, env: NodeJS.ProcessEnv): ProgramActions {
  return {
    submit: async (flags) => (await import('./cmd/submit/run.js')).runSubmit(flags, await context()),
    sandbox: async (flags) => (await import('./cmd/sandbox/run.js')).runSandbox(flags, await context()),
    requests: {
      list: async (flags) => (await import('./cmd/requests/list.js')).runList(flags, await context()),
      view: async (id, flags) => (await import('./cmd/requests/view.js')).runView(id, flags, await context()),
      reply: async (id, flags) => (await import('./cmd/requests/reply.js')).runReply(id, flags, await context()),
      solve: async (id, flags) => (await import('./cmd/requests/solve.js')).runSolve(id, flags, await context()),
    },
    config: {
      get: async (key) => (await import('./cmd/config/run.js')).runGet(key, await context()),
      set: async (key, value) => (await import('./cmd/config/run.js')).runSet(key, value, await context()),
      unset: async (key) => (await import('./cmd/config/run.js')).runUnset(key, await context()),
      list: async (flags) => (await import('./cmd/config/run.js')).runList(flags, await context()),
    },
    auth: {
      login: async (flags) => (await import('./cmd/auth/login.js')).runLogin(flags, await context()),
      status: async (flags) => (await import('./cmd/auth/status.js')).runStatus(flags, await context()),
      logout: async (flags) => (await import('./cmd/auth/logout.js')).runLogout(flags, await context()),
    },
    status: async (flags) => (await import('./cmd/status/run.js')).runStatusPage(flags, await context()),
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
    drafts: {
      list: async (flags) => (await import('./cmd/drafts/run.js')).runDraftsList(flags, await context()),
      show: async (ref, flags) => (await import('./cmd/drafts/run.js')).runDraftsShow(ref, flags, await context()),
      delete: async (ref, flags) => (await import('./cmd/drafts/run.js')).runDraftsDelete(ref, flags, await context()),
    },
    draftPaths: async () => {
      // Only the file names are read: what a draft holds is the draft store's business.
      const [{ readdir }, { join }, { draftsDir }] = await Promise.all([import('node:fs/promises'), import('node:path'), import('./drafts/draft-store.js')]);
      const dir = draftsDir(env);
      const names = await readdir(dir).catch(() => [] as string[]);
      stdout.write(names.filter((n) => n.endsWith('.json')).sort().map((n) => `${join(dir, n)}\n`).join(''));
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

export interface MainOverrides {
  io?: IOStreams;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  prompter?: Prompter;
  secrets?: CommandContext['secrets'];
  configDir?: string;
  /** Replaces the SIGINT/SIGTERM/SIGHUP handling. */
  signal?: AbortSignal;
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
    (overrides.io ?? processStreams(env, true)).stdout.write(`sigma-support ${VERSION} (node ${process.version}; ${process.platform}-${process.arch}; ${isStandalone() ? 'standalone' : 'npm'})\n`);
    return ExitCode.ok;
  }
  if (bare.includes('--licenses') && bare.every((a) => a.startsWith('-'))) {
    const { thirdPartyNotices } = await import('./licenses.js');
    (overrides.io ?? processStreams(env, true)).stdout.write(await thirdPartyNotices());
    return ExitCode.ok;
  }
  const wantsDebug = argv.includes('--debug');
  const noColor = argv.includes('--no-color');
  const io = overrides.io ?? processStreams(env, noColor);
  let prompter = overrides.prompter;
  const interrupt = new AbortController();
  const signal = overrides.signal ?? interrupt.signal;
  // While a command holds it (a create under way), a second Ctrl-C aborts this instead of exiting.
  const second = new AbortController();
  let holds = 0;
  const context = async (): Promise<CommandContext> => {
    const flags = program.opts<GlobalFlags>();
    const [{ configDir }, { osKeychain, fileSecretStore }, { readConfig }, { Settings }] = await Promise.all([
      import('./auth/profiles.js'),
      import('./auth/secret-store.js'),
      import('./config/config-file.js'),
      import('./config/settings.js'),
    ]);
    const dir = overrides.configDir ?? configDir();
    const settings = new Settings(env, await readConfig(dir));
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
      configDir: dir,
      secrets: overrides.secrets ?? ((kind) => (kind === 'keychain' ? osKeychain(env) : fileSecretStore(dir))),
    };
  };
  const program: Command = buildProgram(commandActions(context, () => program, io.stdout, env), io.stdout, io.stderr);
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
