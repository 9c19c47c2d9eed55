/** `sigma-support requests list | view | reply`: flags and help. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { exitCodesHelp } from '../../exit-codes.js';
import { positiveSeconds, requestNumber } from '../flag-parsers.js';

interface Common {
  portal?: string;
  timeout?: number;
}
export interface ListFlags extends Common {
  status: 'open' | 'solved' | 'ccd' | 'all';
  limit: number;
  json?: boolean;
}
export interface ViewFlags extends Common {
  comments?: boolean;
  json?: boolean;
  web?: boolean;
}
export interface SolveFlags extends Common {
  json?: boolean;
}
export interface ReplyFlags extends Common {
  message?: string;
  messageFile?: string;
  editor?: boolean;
  attach?: string[];
  /** commander's negated --no-scrub <path>: true, or the paths given. */
  scrub?: true | string[];
  input: boolean;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

const requestId = requestNumber;

function limit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('give a whole number from 1 to 1000');
  return n;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function common(command: Command): Command {
  return command
    .option('--portal <url>', 'the support portal (env SIGMA_SUPPORT_URL)')
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the portal at each step (default 30, at most 3600)').argParser(positiveSeconds));
}

export function defineRequests(
  program: Command,
  run: {
    list: (f: ListFlags) => Promise<void>;
    view: (id: number, f: ViewFlags) => Promise<void>;
    reply: (id: number, f: ReplyFlags) => Promise<void>;
    solve: (id: number, f: SolveFlags) => Promise<void>;
  },
): Command {
  const requests = program.command('requests').description('Follow your support requests: list them, read the conversation, reply, mark solved');
  common(
    requests
      .command('list')
      .description('List your requests, most recently updated first')
      .addOption(new Option('--status <which>', 'which requests').choices(['open', 'solved', 'ccd', 'all']).default('all'))
      .addOption(new Option('--limit <n>', 'at most this many').argParser(limit).default(30))
      .option('--json', 'print an array of objects on standard output'),
  )
    .addHelpText('after', `\nExamples:\n  $ sigma-support requests list\n  $ sigma-support requests list --status open --json | jq '.[].id'\n`)
    .action(async (flags: ListFlags) => run.list(flags));
  common(
    requests
      .command('view')
      .description('Show a request and, on a terminal, its conversation')
      .argument('<id>', 'the request number', requestId)
      .option('--comments', 'show the conversation (the default on a terminal)')
      .option('--no-comments', 'do not show the conversation')
      .option('--json', 'print the request, with its comments, as one JSON object')
      .option('--web', "open the request's page in the browser (or print its URL)"),
  )
    .addHelpText('after', `\nExamples:\n  $ sigma-support requests view 33\n  $ sigma-support requests view 33 --json\n  $ sigma-support requests view 33 --web\n`)
    .action(async (id: number, flags: ViewFlags) => run.view(id, flags));
  common(
    requests
      .command('reply')
      .description('Add a public reply to a request, with attachments')
      .argument('<id>', 'the request number', requestId)
      .option('--message <text>', 'the reply')
      .option('--message-file <path>', 'read the reply from a file; "-" reads standard input')
      .option('--editor', 'write the reply in $VISUAL or $EDITOR (the default on a terminal)')
      .option('--attach <path>', 'attach a file; repeatable (HAR files are scrubbed of cookies and tokens first)', collect)
      .option('--no-scrub <path>', 'send this attached HAR file as it is; repeatable', (v: string, p: unknown) => [...(Array.isArray(p) ? (p as string[]) : []), v])
      .option('-y, --yes', 'skip the final review question')
      .option('--no-input', 'never prompt')
      .option('--dry-run', 'check everything and print exactly what would be sent, without sending it')
      .option('--json', 'print the result as one JSON object on standard output'),
  )
    .addHelpText(
      'after',
      `\nAt a terminal the reply is shown with its attachments (HAR files as scrubbed) before it is sent:\nSend, Edit or Cancel (exit 3). --yes, or no terminal, sends it without asking.\n\nA reply to a solved request reopens it. A closed request cannot be reopened and takes no replies:\nat a terminal you are offered a follow-up (a new request linked to it) at once; in scripts it\nexits 1 and prints the command, \`sigma-support submit --follow-up <id>\`.\n\nExamples:\n  $ sigma-support requests reply 33 --message "Here is the HAR file you asked for" --attach session.har\n  $ dmesg | tail -100 | sigma-support requests reply 33 --message-file -\n  $ sigma-support requests reply 33 --message "Logs attached" --attach app.log --dry-run --json\n\n${exitCodesHelp()}\n`,
    )
    .action(async (id: number, flags: ReplyFlags) => run.reply(id, flags));
  common(
    requests
      .command('solve')
      .description('Mark a request solved, when the portal lets you (once Support has taken it)')
      .argument('<id>', 'the request number', requestId)
      .option('--json', 'print the request as one JSON object'),
  )
    .addHelpText(
      'after',
      `\nThe portal allows it only for a request that says can_be_solved_by_me: one Support has taken (open,\npending or on hold), not a new one. A reply to a solved request reopens it.\n\nExamples:\n  $ sigma-support requests solve 33\n\n${exitCodesHelp()}\n`,
    )
    .action(async (id: number, flags: SolveFlags) => run.solve(id, flags));
  return requests;
}
