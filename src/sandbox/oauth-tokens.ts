/** The OAuth access and refresh tokens the sandbox has issued (routes/oauth.ts), and which are still good. */
import { randomBytes } from 'node:crypto';

export class OAuthTokens {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, string>();

  constructor(
    private readonly now: () => Date,
    private readonly ttlMs: number,
  ) {}

  /** A new pair, as https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/ answers it. */
  issue(): unknown {
    const access = randomBytes(24).toString('base64url');
    const refresh = randomBytes(24).toString('base64url');
    this.access.set(access, this.now().getTime() + this.ttlMs);
    this.refresh.set(refresh, access);
    return { access_token: access, token_type: 'bearer', scope: 'read write', refresh_token: refresh, expires_in: Math.round(this.ttlMs / 1000) };
  }

  /** Uses a refresh token up, with the access token it came with; false when it is not one. */
  takeRefresh(token: string): boolean {
    const old = this.refresh.get(token);
    if (old === undefined) return false;
    this.refresh.delete(token);
    this.access.delete(old);
    return true;
  }

  /** An access token it issued that has not expired. */
  accepts(token: string): boolean {
    const expires = this.access.get(token);
    return expires !== undefined && expires > this.now().getTime();
  }
}
