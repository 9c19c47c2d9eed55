import { describe, expect, it } from 'vitest';
import { authorizationHeader, describeCredentials, environmentSource, fromCredentials, resolveCredentials } from '../../src/auth/credentials.js';
import { AuthError, PortalError, UsageError } from '../../src/errors.js';
import { describeHttpError, validationDetails } from '../../src/portal/portal-errors.js';
import { parsePortalUrl, requestPageUrl } from '../../src/portal/portal-url.js';

describe('parsePortalUrl', () => {
  it('keeps the origin of an https address, even a pasted Help Center link', () => {
    expect(parsePortalUrl('https://support.sigmacomputing.com/hc/en-us/requests/new').toString()).toBe('https://support.sigmacomputing.com/');
    expect(parsePortalUrl('support.example.com').origin).toBe('https://support.example.com');
  });
  it('allows plain http only on loopback', () => {
    expect(parsePortalUrl('http://127.0.0.1:8765').origin).toBe('http://127.0.0.1:8765');
    expect(parsePortalUrl('http://localhost:1').origin).toBe('http://localhost:1');
    expect(parsePortalUrl('http://[::1]:1').origin).toBe('http://[::1]:1');
    expect(() => parsePortalUrl('http://support.example.com')).toThrow(/plain http is refused/);
    expect(() => parsePortalUrl('http://10.0.0.1')).toThrow(UsageError);
  });
  it('refuses other schemes and credentials in the URL', () => {
    expect(() => parsePortalUrl('ftp://x.com')).toThrow(/not an http/);
    expect(() => parsePortalUrl('https://me:pw@x.com')).toThrow(/user name or password/);
  });
  it('builds the page a person opens', () => {
    expect(requestPageUrl(new URL('https://s.example.com'), 33, 'en-us')).toBe('https://s.example.com/hc/en-us/requests/33');
    expect(requestPageUrl(new URL('https://s.example.com'), 33, 'pt-br')).toBe('https://s.example.com/hc/pt-br/requests/33');
  });
});

describe('portal errors', () => {
  const ctx = { action: 'creating the request', portal: new URL('https://s.example.com'), authHint: 'HOW' };
  it('lists every 422 detail by field', () => {
    const body = JSON.stringify({
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { base: [{ description: 'Subject: cannot be blank', error: 'BlankValue', field_key: 'subject' }, { description: 'Severity: cannot be blank', field_key: 360 }] },
    });
    const e = describeHttpError(422, body, ctx);
    expect(e).toBeInstanceOf(PortalError);
    expect(e.message).toContain('  - subject: Subject: cannot be blank\n  - 360: Severity: cannot be blank');
    expect(validationDetails({ subject: ['too long'] })).toEqual(['subject: too long']);
  });
  it('maps 401 and 403 to authentication errors with the hint', () => {
    expect(describeHttpError(401, 'not json', ctx)).toBeInstanceOf(AuthError);
    const forbidden = describeHttpError(403, JSON.stringify({ error: { title: 'Forbidden', message: 'Unverified email' } }), ctx);
    expect(forbidden.exitCode).toBe(4);
    expect(forbidden.message).toContain('Forbidden: Unverified email');
  });
  it('says 404 is about the portal URL and 5xx is the portal\'s fault, whatever the body', () => {
    expect(describeHttpError(404, '<html>', ctx).hint).toMatch(/Check the portal URL/);
    expect(describeHttpError(503, '', ctx).message).toMatch(/HTTP 503.*portal's side/);
  });
});

describe('credentials', () => {
  it('reads the environment: OAuth, then API token, then password', async () => {
    const src = (env: Record<string, string>) => environmentSource(env).lookup();
    expect((await src({ SIGMA_SUPPORT_OAUTH_TOKEN: 'o', SIGMA_SUPPORT_EMAIL: 'a@x.com', SIGMA_SUPPORT_TOKEN: 't' }))?.credentials.method).toBe('oauth');
    expect((await src({ SIGMA_SUPPORT_EMAIL: 'a@x.com', SIGMA_SUPPORT_TOKEN: 't', SIGMA_SUPPORT_PASSWORD: 'p' }))?.credentials.method).toBe('token');
    expect((await src({ SIGMA_SUPPORT_EMAIL: 'a@x.com', SIGMA_SUPPORT_PASSWORD: 'p' }))?.credentials.method).toBe('password');
    expect(await src({ SIGMA_SUPPORT_EMAIL: 'a@x.com' })).toBeUndefined();
    await expect(src({ SIGMA_SUPPORT_TOKEN: 't' })).rejects.toThrow(/SIGMA_SUPPORT_EMAIL is not/);
  });
  it('fails with exit 4 and how to log in when there are none', async () => {
    const e = await resolveCredentials([environmentSource({})]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).hint).toMatch(/SIGMA_SUPPORT_TOKEN/);
  });
  it('builds Zendesk authorization headers and never describes the secret', () => {
    expect(authorizationHeader({ method: 'token', email: 'a@x.com', token: 'T' })).toBe(`Basic ${Buffer.from('a@x.com/token:T').toString('base64')}`);
    expect(authorizationHeader({ method: 'password', email: 'a@x.com', password: 'P' })).toBe(`Basic ${Buffer.from('a@x.com:P').toString('base64')}`);
    expect(authorizationHeader({ method: 'oauth', accessToken: 'O' })).toBe('Bearer O');
    expect(describeCredentials(fromCredentials({ method: 'token', email: 'a@x.com', token: 'SECRET' }, 'environment'))).toBe('a@x.com (API token, from the environment)');
  });
});
