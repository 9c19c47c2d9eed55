/** `sigma-support status`: reads the status page's summary and prints it. */
import { PortalError } from '../../errors.js';
import { fetchStatus } from '../../status/fetch-status.js';
import { StatusPageError } from '../../status/status-summary.js';
import { safeJson } from '../../terminal/sanitize.js';
import { styleFor } from '../../terminal/style.js';
import type { CommandContext } from '../context.js';
import { userAgent } from '../session.js';
import type { StatusPageFlags } from './definition.js';
import { renderStatus } from './render.js';
import { resolveStatusUrl } from './status-url.js';

export const STATUS_TIMEOUT_SECONDS = 10;

export async function runStatusPage(flags: StatusPageFlags, ctx: CommandContext): Promise<void> {
  const url = resolveStatusUrl(ctx, flags.statusUrl);
  let summary;
  try {
    summary = await fetchStatus(url, { timeoutMs: (flags.timeout ?? STATUS_TIMEOUT_SECONDS) * 1000, userAgent: userAgent(ctx), signal: ctx.signal });
  } catch (error) {
    if (error instanceof StatusPageError) throw new PortalError(`the status page ${url.toString()} could not be read: ${error.message}`, undefined, 'Check the address (--status-url, SIGMA_SUPPORT_STATUS_URL or the config key status-url) and your network.');
    throw error;
  }
  if (flags.json) ctx.io.stdout.write(`${safeJson({ url: url.toString(), ...summary })}\n`);
  else ctx.io.stdout.write(`${renderStatus(summary, url, styleFor(ctx.io))}\n`);
}
