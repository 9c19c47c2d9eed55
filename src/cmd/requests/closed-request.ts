/**
 * A closed request cannot be reopened, so it takes no replies (Zendesk answers an update with 422).
 * What is left is a follow-up: a new request linked to it (`submit --follow-up`, see
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#creating-follow-up-requests).
 * At a terminal it is offered at once, carrying what the reply would have carried; in scripts the
 * command exits 1 and prints the command to run.
 */
import { CancelledError, CliError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CommandContext } from '../context.js';
import type { SubmitFlags } from '../submit/definition.js';
import type { ReplyFlags } from './definition.js';

/** A word as a POSIX shell reads it back: as it is when plain (a URL is), else in single quotes. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** `sigma-support submit --follow-up <id>`, with the portal the reply was for when one was named. */
function followUpCommand(id: number, flags: ReplyFlags): string {
  return ['sigma-support', 'submit', '--follow-up', String(id), ...(flags.portal !== undefined ? ['--portal', flags.portal] : [])].map(shellWord).join(' ');
}

const why = (id: number) => `request ${id} is closed: a closed request cannot be reopened, so it takes no replies. Nothing was sent.`;

/** For scripts: exit 1, with the command that files the follow-up. */
export function closedRequestError(id: number, flags: ReplyFlags): CliError {
  return new CliError(why(id), ExitCode.failure, `File a follow-up instead, a new request linked to #${id} (its subject is pre-filled):\n  ${followUpCommand(id, flags)}`);
}

/**
 * At a terminal: says why, and offers to file the follow-up now. Yes runs `submit --follow-up` with
 * the reply's text (as given, or `typed` when it was already written) and attachments; no exits 3.
 */
export async function offerFollowUp(id: number, flags: ReplyFlags, ctx: CommandContext, typed?: string): Promise<void> {
  ctx.io.stderr.write(`Request #${id} is closed: a closed request cannot be reopened, so it takes no replies.\nA follow-up is a new request linked to it, with its subject pre-filled.\n`);
  const start = await ctx.prompter().confirm({ message: `File a follow-up of #${id} now?`, default: true });
  if (!start) throw new CancelledError(`Cancelled. Nothing was sent. To file the follow-up later:\n  ${followUpCommand(id, flags)}`);
  const text: Partial<SubmitFlags> =
    typed !== undefined ? { description: typed }
    : flags.message !== undefined ? { description: flags.message }
    : flags.messageFile !== undefined ? { descriptionFile: flags.messageFile }
    : flags.editor ? { editor: true }
    : {};
  const submit: SubmitFlags = {
    ...text,
    followUp: id,
    input: true,
    ...(flags.attach?.length ? { attach: flags.attach } : {}),
    ...(flags.scrub !== undefined ? { scrub: flags.scrub } : {}),
    ...(flags.portal !== undefined ? { portal: flags.portal } : {}),
    ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...(flags.json ? { json: true } : {}),
  };
  await (await import('../submit/run.js')).runSubmit(submit, ctx);
}
