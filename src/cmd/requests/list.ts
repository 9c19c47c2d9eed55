/** `sigma-support requests list`: my requests, newest update first, as a table or JSON. */
import { requestPageUrls } from '../../portal/portal-url.js';
import { severityMapping } from '../../severity/lookup.js';
import { styleFor } from '../../terminal/style.js';
import type { CommandContext } from '../context.js';
import { openSession } from '../session.js';
import type { ListFlags } from './definition.js';
import { rowOf, severityOf } from './format.js';
import { safeJson, sanitize } from '../../terminal/sanitize.js';

export async function runList(flags: ListFlags, ctx: CommandContext): Promise<void> {
  const session = await openSession(ctx, { portalFlag: flags.portal, timeoutSeconds: flags.timeout });
  try {
    const [requests, mapping] = await Promise.all([session.api.listRequests(flags.status, flags.limit), severityMapping(session.api, ctx).catch(() => undefined)]);
    // a Ctrl-C while the Severity field was read, taken above for a failure: the user asked to stop
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (flags.json) {
      const pageUrl = requestPageUrls(session.portal, session.locale);
      const items = requests.map((r) => ({
        id: r.id,
        subject: r.subject ?? null,
        status: r.status ?? null,
        severity: severityOf(r, mapping) ?? null,
        created_at: r.created_at ?? null,
        updated_at: r.updated_at ?? null,
        url: pageUrl(r.id),
      }));
      ctx.io.stdout.write(`${safeJson(items)}\n`);
      return;
    }
    if (requests.length === 0) {
      ctx.io.stderr.write(`No ${flags.status === 'all' ? '' : `${flags.status} `}requests on ${session.portal.host}.\n`);
      return;
    }
    const rows = requests.map((r) => rowOf(r, mapping, ctx.now()));
    if (ctx.io.stdout.isTTY) {
      const { table } = await import('./table.js');
      // S0 and S1 stand out, in colour only where colours are on (not under NO_COLOR or --no-color)
      const style = styleFor(ctx.io);
      const paint = (severity: string, cell: string) => (severity === 'S0' ? style.red.bold(cell) : severity === 'S1' ? style.yellow.bold(cell) : cell);
      ctx.io.stdout.write(`${table(rows, ctx.io.stdout.columns ?? 80, paint)}\n`);
    }
    else for (const [i, r] of rows.entries()) ctx.io.stdout.write(`${r.id}\t${r.status}\t${r.severity}\t${sanitize(requests[i]!.updated_at ?? '')}\t${r.subject}\n`);
  } finally {
    await session.close();
  }
}
