/**
 * The entry point: defines the commands, runs one, and turns every outcome into an exit code.
 * Command code loads only when that command runs, so `--version` and `--help` stay fast.
 */
import { Argument, Command, CommanderError } from 'commander';
import type { Shell } from './completion/scripts.js';
import { CliError, InterruptedError, UsageError } from './errors.js';
import type { Settings } from './config/settings.js';
import { PROFILE_NAME, PROFILE_NAME_HINT } from './auth/profile-name.js';
import { ExitCode, exitCodesHelp } from './exit-codes.js';
import type { CommandContext } from './cmd/context.js';
import { defineSubmit } from './cmd/submit/definition.js';
import { defineSandbox } from './cmd/sandbox/definition.js';
import { defineAuth } from './cmd/auth/definition.js';
import { defineRequests } from './cmd/requests/definition.js';
import { defineConfig } from './cmd/config/definition.js';
import { processStreams, type IOStreams } from './terminal/iostreams.js';
import { inquirerPrompter, type Prompter } from './terminal/prompter.js';

function profileName(settings: Settings, flag: string | undefined): string {
  if (flag !== undefined && !PROFILE_NAME.test(flag)) throw new UsageError(`--profile: "${flag}" is not a profile name`, PROFILE_NAME_HINT);
  return settings.get('profile', flag) ?? 'default';
}

const HELP_TOPICS = ['environment', 'exit-codes'] as const;

export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

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

function buildProgram(context: () => Promise<CommandContext>, stderr: NodeJS.WritableStream, stdout: NodeJS.WritableStream): Command {
  const program = new Command('sigma-support')
    .description("File and follow support requests with Sigma Computing's support portal")
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'print diagnostics (HTTP exchanges, with secrets redacted) and stack traces to stderr')
    .option('--no-color', 'no colours (also NO_COLOR=1 or TERM=dumb)')
    .option('--profile <name>', 'the saved login to use (env SIGMA_SUPPORT_PROFILE; default "default")')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) })
    .addHelpText('after', `\nRun \`sigma-support <command> --help\` for a command's flags and examples.\n\n${exitCodesHelp()}\n`);

  defineSubmit(program, async (flags) => (await import('./cmd/submit/run.js')).runSubmit(flags, await context()));
  defineSandbox(program, async (flags) => (await import('./cmd/sandbox/run.js')).runSandbox(flags, await context()));
  defineRequests(program, {
    list: async (flags) => (await import('./cmd/requests/list.js')).runList(flags, await context()),
    view: async (id, flags) => (await import('./cmd/requests/view.js')).runView(id, flags, await context()),
    reply: async (id, flags) => (await import('./cmd/requests/reply.js')).runReply(id, flags, await context()),
  });
  defineConfig(program, {
    get: async (key) => (await import('./cmd/config/run.js')).runGet(key, await context()),
    set: async (key, value) => (await import('./cmd/config/run.js')).runSet(key, value, await context()),
    unset: async (key) => (await import('./cmd/config/run.js')).runUnset(key, await context()),
    list: async (flags) => (await import('./cmd/config/run.js')).runList(flags, await context()),
  });
  defineAuth(program, {
    login: async (flags) => (await import('./cmd/auth/login.js')).runLogin(flags, await context()),
    status: async (flags) => (await import('./cmd/auth/status.js')).runStatus(flags, await context()),
    logout: async () => (await import('./cmd/auth/logout.js')).runLogout(await context()),
  });
  program
    .command('completion')
    .description('Print the completion script for a shell (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      `
Install:
  bash  (needs the bash-completion package)
    $ sigma-support completion bash > ~/.local/share/bash-completion/completions/sigma-support
  zsh
    $ mkdir -p ~/.zfunc && sigma-support completion zsh > ~/.zfunc/_sigma-support
    and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath)
  fish
    $ sigma-support completion fish > ~/.config/fish/completions/sigma-support.fish
`,
    )
    .action(async (shell: Shell) => {
      const { completionModel } = await import('./completion/model.js');
      const { completionScript } = await import('./completion/scripts.js');
      const { CONFIG_KEY_NAMES } = await import('./config/config-key-docs.js');
      stdout.write(completionScript(shell, completionModel(program, { 'config get': CONFIG_KEY_NAMES, 'config set': CONFIG_KEY_NAMES, 'config unset': CONFIG_KEY_NAMES })));
    });
  program
    .command('__profiles', { hidden: true })
    .description('print the saved profile names, one a line (for completion scripts)')
    .action(async () => {
      const ctx = await context();
      const { ProfileStore } = await import('./auth/profiles.js');
      const names = Object.keys(await new ProfileStore(ctx.configDir).all().catch(() => ({})));
      stdout.write(names.map((n) => `${n}\n`).join(''));
    });
  program.helpCommand(false);
  program
    .command('help')
    .description(`Show help for a command, or a topic: ${HELP_TOPICS.join(', ')}`)
    .argument('[topic...]', 'a command (such as "submit" or "requests reply") or a topic')
    .action(async (topic: string[]) => {
      const [first] = topic;
      if (first && (HELP_TOPICS as readonly string[]).includes(first)) {
        const { topicHelp } = await import('./cmd/help-topics.js');
        stdout.write(`${topicHelp(first as (typeof HELP_TOPICS)[number])}\n`);
        return;
      }
      let command: Command = program;
      for (const word of topic) {
        const next = command.commands.find((c) => c.name() === word);
        if (!next) throw new UsageError(`no command or help topic "${topic.join(' ')}"`, `Topics: ${HELP_TOPICS.join(', ')}. Commands: ${program.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => c.name()).join(', ')}.`);
        command = next;
      }
      command.outputHelp();
    });
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(program).slice(1)) command.exitOverride().configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  return program;
}

/** Runs the CLI with these arguments; resolves to the exit code. */
export async function main(argv: readonly string[], overrides: MainOverrides = {}): Promise<number> {
  const env = overrides.env ?? process.env;
  const wantsDebug = argv.includes('--debug');
  const noColor = argv.includes('--no-color');
  const io = overrides.io ?? processStreams(env, noColor);
  let prompter = overrides.prompter;
  const interrupt = new AbortController();
  const signal = overrides.signal ?? interrupt.signal;
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
      prompter: () => (prompter ??= inquirerPrompter(io, signal)),
      signal,
      debug: flags.debug ? (line) => io.stderr.write(`[debug] ${line}\n`) : undefined,
      settings,
      profile: profileName(settings, flags.profile),
      configDir: dir,
      secrets: overrides.secrets ?? ((kind) => (kind === 'keychain' ? osKeychain(env) : fileSecretStore(dir))),
    };
  };
  const program = buildProgram(context, io.stderr, io.stdout);
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(ExitCode.interrupted); // a second Ctrl-C: stop now
    interrupt.abort(new InterruptedError(`Interrupted by ${signal}.`));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  if (!overrides.signal) for (const s of signals) process.on(s, onSignal);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return report(error, io, wantsDebug);
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

function report(error: unknown, io: IOStreams, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    // commander has printed its message already
    if (error.code === 'commander.invalidArgument' || error.code.startsWith('commander.')) {
      io.stderr.write('Run with --help to see the flags and examples.\n');
      return ExitCode.usage;
    }
  }
  if (error instanceof CliError) {
    io.stderr.write(`${error.exitCode === ExitCode.cancelled ? '' : 'error: '}${error.message}\n`);
    if (error.hint) io.stderr.write(`${error.hint}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  io.stderr.write(`error: unexpected failure: ${(error as Error)?.message ?? String(error)}\n`);
  io.stderr.write(debug ? `${(error as Error)?.stack ?? ''}\n` : 'Run again with --debug for details, and report it if it persists.\n');
  return ExitCode.failure;
}
