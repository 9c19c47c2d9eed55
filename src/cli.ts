/**
 * The entry point: runs one command and turns every outcome into an exit code. The command tree is
 * in program.ts; each command's code loads only when that command runs, so `--version` and
 * `--help` stay fast.
 */
import { CommanderError, type Command } from 'commander';
import { refuseInvalidUtf8 } from './cmd/argv-encoding.js';
import { commandRuntime, type GlobalFlags, type MainOverrides } from './cmd/command-context.js';
import { ExitCode } from './exit-codes.js';
import { globalFlagWords } from './cmd/hints.js';
import type { CommandContext } from './cmd/context.js';
import { reportError } from './cmd/report-error.js';
import { buildProgram, HELP_TOPICS, VERSION, type ProgramActions } from './program.js';
import { processStreams, type IOStreams } from './terminal/iostreams.js';
import { inquirerPrompter } from './terminal/prompter.js';

export { VERSION };
export type { MainOverrides };

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
  const runtime = commandRuntime(io, env, VERSION, overrides, inquirerPrompter);
  const context = () => runtime.context(program.opts<GlobalFlags>());
  const program: Command = buildProgram(commandActions(context, () => program, io.stdout), io.stdout, io.stderr, argv);
  const stopListening = runtime.listen();
  try {
    refuseInvalidUtf8(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return report(error, io, wantsDebug, globalFlagWords(program.opts<GlobalFlags>()));
  } finally {
    stopListening();
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
  return reportError(error, io, debug, globals);
}
