/**
 * The command tree: every command, flag and help text, with what each command does passed in.
 * src/cli.ts gives it the real actions (each loads its command's code on use); src/help.ts gives it
 * none, to answer `--help` from a small CommonJS bundle without starting the rest of the CLI.
 */
import { Argument, Command } from 'commander';
import type { Shell } from './completion/scripts.js';
import { UsageError } from './errors.js';
import { exitCodesHelp } from './exit-codes.js';
import { onTerminal } from './terminal/fd-output.js';
import { VERSION } from './cli-version.js';
import { defineSubmit } from './cmd/submit/definition.js';
import { defineSandbox } from './cmd/sandbox/definition.js';
import { defineAuth } from './cmd/auth/definition.js';
import { defineRequests } from './cmd/requests/definition.js';
import { defineConfig } from './cmd/config/definition.js';
import { defineStatus } from './cmd/status/definition.js';
import { defineDrafts } from './cmd/drafts/definition.js';

export { VERSION };

export const HELP_TOPICS = ['environment', 'exit-codes'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

/** What each command does when it runs. */
export interface ProgramActions {
  submit: Parameters<typeof defineSubmit>[1];
  sandbox: Parameters<typeof defineSandbox>[1];
  requests: Parameters<typeof defineRequests>[1];
  config: Parameters<typeof defineConfig>[1];
  auth: Parameters<typeof defineAuth>[1];
  status: Parameters<typeof defineStatus>[1];
  drafts: Parameters<typeof defineDrafts>[1];
  completion: (shell: Shell, program: Command) => Promise<void>;
  /** The hidden `__profiles` command, for completion scripts. */
  profiles: () => Promise<void>;
  /** The hidden `__drafts` command: the saved drafts' paths, for completing --recover. */
  draftPaths: () => Promise<void>;
  /** The hidden `__templates` command: the named templates, for completing --template. */
  templateNames: () => Promise<void>;
  topic: (topic: HelpTopic) => Promise<void>;
}

/**
 * Commander wraps the flag list to the help width, but prints the text added after it (examples,
 * notes) as written: each line of it that is too long wraps between words; the continuation of an
 * indented line is indented two more columns.
 */
function wrapLongLines(text: string, width: number): string {
  // The help has no colours and no wide characters (see getOutHasColors below), so words are
  // measured by their length: wrap-ansi, which measures any text, costs help 10 ms to load.
  const wrapAnsi = wrapWords;
  const hang = (head: string, body: string, at: number) => {
    const [first, ...rest] = wrapAnsi(body, Math.max(20, width - at), { hard: true }).split('\n');
    return [head + first, ...rest.map((l) => ' '.repeat(at) + l)].join('\n');
  };
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const indent = /^ */.exec(line)![0].length;
      // prose (not indented) wraps flush
      if (indent === 0) return wrapAnsi(line, width, { hard: true });
      // a two-column row ("  S0 (critical)  Sigma ...") hangs under its second column
      const column = /^ *\S.*?  +(?=\S)/.exec(line)?.[0].length;
      if (column !== undefined && column <= width / 2) return hang(line.slice(0, column), line.slice(column), column);
      // another indented line (an example) hangs two columns in from itself
      return hang(' '.repeat(indent), line.slice(indent), Math.min(indent + 2, Math.floor(width / 2)));
    })
    .join('\n');
}

/** The commands defined one by one below: a run of one of them needs only its own. */
const COMMANDS_OF_THEIR_OWN = new Set(['submit', 'sandbox', 'requests', 'config', 'auth', 'status', 'drafts', '__profiles', '__drafts', '__templates']);

/**
 * The command tree. When the command line starts with a command's name, only that command is
 * defined: commander then parses and reports exactly as with the whole tree, since nothing else on
 * that line can name another command, and building all of them (submit alone has 40 flags) was most
 * of commander's time on every start. `help`, `completion`, an unknown word or a leading global flag
 * get the whole tree.
 */
export function buildProgram(actions: ProgramActions, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, argv: readonly string[] = []): Command {
  const first = argv[0];
  const want = (name: string) => first === undefined || !COMMANDS_OF_THEIR_OWN.has(first) || first === name;
  const output = {
    writeOut: (s: string) => stdout.write(wrapLongLines(s, (onTerminal(1) ? process.stdout.columns : undefined) ?? 80)),
    writeErr: (s: string) => stderr.write(s),
    // Help is as wide as the terminal, when there is one, else 80 (commander's default, which
    // undefined asks for; its types leave that out).
    getOutHelpWidth: () => (onTerminal(1) ? process.stdout.columns : undefined) as number,
    getErrHelpWidth: () => (onTerminal(2) ? process.stderr.columns : undefined) as number,
    // The help text has no colours of its own to keep or strip.
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  };
  const program = new Command('sigma-support')
    .description("File and follow support requests with Sigma Computing's support portal")
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'print diagnostics (HTTP exchanges, with secrets redacted) and stack traces to stderr')
    .option('--no-color', 'no colours (also NO_COLOR=1 or TERM=dumb)')
    .option('--profile <name>', 'the saved login to use (env SIGMA_SUPPORT_PROFILE; default "default")')
    // answered in src/cli.ts before any command runs; listed here for help and completion
    .option('--licenses', 'print the licences of the third-party code inside sigma-support')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(output)
    .addHelpText('after', `\nRun \`sigma-support <command> --help\` for a command's flags and examples.\n\n${exitCodesHelp()}\n`);

  if (want('submit')) defineSubmit(program, actions.submit);
  if (want('sandbox')) defineSandbox(program, actions.sandbox);
  if (want('requests')) defineRequests(program, actions.requests);
  if (want('config')) defineConfig(program, actions.config);
  if (want('auth')) defineAuth(program, actions.auth);
  if (want('status')) defineStatus(program, actions.status);
  if (want('drafts')) defineDrafts(program, actions.drafts);
  if (want('completion')) {
    program
      .command('completion')
      .description('Print the completion script for a shell (bash, zsh, fish or powershell)')
      .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish', 'powershell'] satisfies Shell[]))
      .addHelpText(
        'after',
        `
Install:
  bash  (needs the bash-completion package)
    $ mkdir -p ~/.local/share/bash-completion/completions
    $ sigma-support completion bash > ~/.local/share/bash-completion/completions/sigma-support
  zsh
    $ mkdir -p ~/.zfunc && sigma-support completion zsh > ~/.zfunc/_sigma-support
    and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath)
  fish
    $ mkdir -p ~/.config/fish/completions
    $ sigma-support completion fish > ~/.config/fish/completions/sigma-support.fish
  PowerShell (Windows PowerShell 5.1 or PowerShell 7)
    PS> sigma-support completion powershell >> $PROFILE
`,
      )
      .action((shell: Shell) => actions.completion(shell, program));
  }
  if (want('__profiles')) {
    program
      .command('__profiles', { hidden: true })
      .description('print the saved profile names, one a line (for completion scripts)')
      .action(() => actions.profiles());
  }
  if (want('__drafts')) {
    program
      .command('__drafts', { hidden: true })
      .description('print the paths of the saved drafts, one a line (for completion scripts)')
      .action(() => actions.draftPaths());
  }
  if (want('__templates')) {
    program
      .command('__templates', { hidden: true })
      .description('print the names of the named templates, one a line (for completion scripts)')
      .action(() => actions.templateNames());
  }
  program.helpCommand(false);
  if (want('help')) {
    program
      .command('help')
      .description(`Show help for a command, or a topic: ${HELP_TOPICS.join(', ')}`)
      .argument('[topic...]', 'a command (such as "submit" or "requests reply") or a topic')
      .action(async (topic: string[]) => {
        const [first] = topic;
        if (first && (HELP_TOPICS as readonly string[]).includes(first)) return actions.topic(first as HelpTopic);
        let command: Command = program;
        for (const word of topic) {
          const next = command.commands.find((c) => c.name() === word);
          if (!next) throw new UsageError(`no command or help topic "${topic.join(' ')}"`, `Topics: ${HELP_TOPICS.join(', ')}. Commands: ${program.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => c.name()).join(', ')}.`);
          command = next;
        }
        command.outputHelp();
      });
  }
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(program).slice(1)) command.exitOverride().configureOutput(output);
  return program;
}

/** Greedy word wrap of plain text: breaks between words, and inside a word only when it is longer than a line. */
function wrapWords(text: string, width: number, _options?: { hard: boolean }): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    if (line !== '' && line.length + 1 + rest.length > width) {
      lines.push(line);
      line = '';
    }
    while (rest.length > width) {
      if (line !== '') lines.push(line);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      line = '';
    }
    line = line === '' ? rest : `${line} ${rest}`;
  }
  lines.push(line);
  return lines.join('\n');
}
