/** Which status page to read: --status-url, SIGMA_SUPPORT_STATUS_URL, the config's status-url, then a default. */
import { UsageError } from '../../errors.js';
import { isLoopbackHost, parsePortalUrl } from '../../portal/portal-url.js';
import { DEFAULT_STATUS_URL, parseStatusUrl, STATUS_PATH, StatusPageError } from '../../status/status-address.js';
import type { CommandContext } from '../context.js';

/**
 * The default is Sigma's page, except for a portal on loopback (a sandbox), whose own page at
 * /status is used, so rehearsals and tests never ask Sigma's.
 */
export function resolveStatusUrl(ctx: CommandContext, flag: string | undefined, portal?: URL): URL {
  try {
    if (flag !== undefined) return parseStatusUrl(flag, '--status-url');
    const setting = ctx.settings.get('status-url');
    if (setting !== undefined) return parseStatusUrl(setting, 'status-url');
  } catch (error) {
    if (error instanceof StatusPageError) throw new UsageError(error.message, 'Give the status page as https://status.example.com');
    throw error;
  }
  let origin = portal;
  if (!origin) {
    const configured = ctx.settings.get('portal');
    origin = configured ? parsePortalUrl(configured) : undefined;
  }
  return origin && isLoopbackHost(origin.hostname) ? new URL(STATUS_PATH, origin) : new URL(DEFAULT_STATUS_URL);
}
