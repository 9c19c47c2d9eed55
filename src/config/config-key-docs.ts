/**
 * The config keys' names, meanings and environment variables: plain data, so that help and
 * completion can show them without loading the validation (config-keys.ts).
 */
export const CONFIG_KEY_DOCS = {
  portal: { description: 'the support portal', env: 'SIGMA_SUPPORT_URL' },
  profile: { description: 'the saved login used by default', env: 'SIGMA_SUPPORT_PROFILE' },
  cc: { description: 'addresses copied on every request unless --cc is given (a team alias, say)', env: 'SIGMA_SUPPORT_CC' },
  'severity-field-id': { description: "the Severity field's id, for portals where it cannot be discovered" },
  'severity-tags': { description: 'the tag sent for each level, as S0=tag,S1=tag,S2=tag,S3=tag (with severity-field-id)' },
  'upload-concurrency': { description: 'how many attachments upload at once', env: 'SIGMA_SUPPORT_UPLOAD_CONCURRENCY' },
  timeout: { description: 'seconds to wait for the portal at each step, and for each call whole (answers over 8 MB are refused)', env: 'SIGMA_SUPPORT_TIMEOUT' },
  retries: { description: 'how many times a failed call may be tried again', env: 'SIGMA_SUPPORT_RETRIES' },
  locale: { description: "the Help Center language of the pages opened (such as en-us or de); default: the portal URL's /hc/<locale>/, else en-us", env: 'SIGMA_SUPPORT_LOCALE' },
  'oauth-client-id': { description: 'the OAuth client id for `auth login --web`', env: 'SIGMA_SUPPORT_OAUTH_CLIENT_ID' },
  'status-url': { description: "Sigma's status page, read by `status` and before S0/S1 requests", env: 'SIGMA_SUPPORT_STATUS_URL' },
  'support-email': { description: "Sigma Support's email address: the To: of the email `submit` writes when the portal is down (no default)" },
} as const satisfies Record<string, { description: string; env?: string }>;

export type ConfigKey = keyof typeof CONFIG_KEY_DOCS;
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEY_DOCS) as ConfigKey[];

export function envOf(key: ConfigKey): string | undefined {
  const doc: { description: string; env?: string } = CONFIG_KEY_DOCS[key];
  return doc.env;
}
