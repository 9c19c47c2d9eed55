/** Which portal a command talks to. A module of its own, without the HTTP client, so `auth status` (src/fast/) can say it without loading one. */
import type { Profile } from '../auth/profiles.js';
import { DEFAULT_PORTAL, parsePortalUrl } from '../portal/portal-url.js';
import type { CommandContext } from './context.js';

/** The portal: --portal, then SIGMA_SUPPORT_URL, then the config file, then the profile's, then Sigma's. */
export function resolvePortal(ctx: CommandContext, flag: string | undefined, profile: Profile | undefined): URL {
  const setting = ctx.settings.resolve('portal', flag === undefined ? undefined : parsePortalUrl(flag, '--portal').origin);
  if (setting.source === 'default' && profile) return parsePortalUrl(profile.portal, `profile "${ctx.profile}"`);
  return parsePortalUrl(setting.value ?? DEFAULT_PORTAL, setting.source === 'config' ? 'the config file\'s portal' : '--portal');
}
