/** `sigma-support requests solve <id>`: marks a request solved when the portal allows it, and says why when not. */
import { CliError, PortalError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { requestPageUrl } from '../../portal/portal-url.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';
import type { CommandContext } from '../context.js';
import { openSession } from '../session.js';
import type { SolveFlags } from './definition.js';
import { notFound } from './view.js';

export async function runSolve(id: number, flags: SolveFlags, ctx: CommandContext): Promise<void> {
  const session = await openSession(ctx, { portalFlag: flags.portal, timeoutSeconds: flags.timeout });
  try {
    const request = await session.api.getRequest(id);
    if (!request) throw notFound(id, session);
    const status = sanitize(request.status ?? 'unknown');
    const page = requestPageUrl(session.portal, id, session.locale);
    const print = (r: typeof request, line: string): void => {
      ctx.io.stdout.write(flags.json ? `${safeJson({ ...r, url: page })}\n` : `${line}\n`);
    };
    if (request.status === 'solved') return print(request, `Request #${id} is already solved. A reply reopens it.`);
    if (request.status === 'closed') {
      throw new CliError(`request #${id} is closed: it cannot be changed or reopened`, ExitCode.failure, `To take it up again, file a follow-up, a new request linked to it: sigma-support submit --follow-up ${id}`);
    }
    if (request.can_be_solved_by_me !== true) {
      throw new CliError(
        `the portal does not let you mark request #${id} solved (it is ${status})`,
        ExitCode.failure,
        request.status === 'new'
          ? 'A request can be marked solved once Sigma Support has taken it. Until then, reply to say it is no longer needed: sigma-support requests reply ' + id
          : `Ask Sigma Support to close it: sigma-support requests reply ${id} --message "This is solved, thank you."`,
      );
    }
    let solved;
    try {
      solved = await session.api.solveRequest(id);
    } catch (error) {
      if (error instanceof PortalError && error.status === 422) {
        throw new CliError(`the portal refused to mark request #${id} solved: ${error.message}`, ExitCode.failure, `See it at ${page}`);
      }
      throw error;
    }
    print(solved, `Request #${id} marked solved: ${sanitize(request.subject ?? '')}\n  ${page}\nA reply reopens it.`);
  } finally {
    await session.close();
  }
}
