/**
 * What counts as a secret in what a user sends: names of headers, parameters and fields that carry
 * credentials, and the shapes of tokens found in free text. Shared by the HAR scrubber (which removes
 * them) and the text scan (which only warns, naming where, never showing them).
 */

/** What replaces a removed value, so the structure stays and the reader sees something was there. */
export const REMOVED = '[removed by sigma-support]';

/** The kinds a scrub report counts. */
export type SecretKind = 'cookie' | 'authorization header' | 'API-key header' | 'query parameter' | 'body field' | 'token in text' | 'oversized body';

/** JSON Web Tokens: three base64url parts, the first two starting with `{"` encoded (eyJ). */
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}/g;
/** RFC 6750 bearer credentials as written in a header or a log line. */
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/-]{12,}=*/gi;
/** AWS access key ids (long-term AKIA, temporary ASIA). */
const AWS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

/** Token shapes, with how a warning names each. */
export const TOKEN_SHAPES: ReadonlyArray<{ pattern: RegExp; label: string }> = [
  { pattern: JWT, label: 'a JWT (session or API token)' },
  { pattern: BEARER, label: 'a Bearer token' },
  { pattern: AWS_KEY, label: 'an AWS access key' },
];

/** Parameter and field names whose values are credentials. */
const SECRET_NAME = /^(?:access[-_]?token|id[-_]?token|refresh[-_]?token|token|auth|password|passwd|pwd|passphrase|secret|client[-_]?secret|signature|sig|api[-_]?key|apikey|key|session|session[-_]?id|sessionid|sid|jsessionid|code|assertion|saml[-_]?response|credentials?|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;
const SECRET_PART = /(token|secret|passw|signature|api[-_]?key|session|credential|private[-_]?key)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_PART.test(name);
}

/** The kind of secret a header carries by its name alone, or undefined for an ordinary header. */
export function secretHeaderKind(name: string): SecretKind | undefined {
  const n = name.toLowerCase();
  if (n === 'cookie' || n === 'set-cookie') return 'cookie';
  if (n === 'authorization' || n === 'proxy-authorization') return 'authorization header';
  if (/(api[-_]?key|token|secret|session|signature|credential|csrf|xsrf|^x-auth)/.test(n)) return 'API-key header';
  return undefined;
}

/** True when the whole value looks like a token on its own. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPES.some(({ pattern }) => {
    pattern.lastIndex = 0;
    return pattern.test(value);
  });
}

/** Replaces every token shape in a text; returns the text and how many were replaced. */
export function redactTokens(text: string): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const { pattern } of TOKEN_SHAPES) {
    out = out.replace(pattern, () => {
      count++;
      return REMOVED;
    });
  }
  return { text: out, count };
}
