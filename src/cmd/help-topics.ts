/** `sigma-support help environment` and `help exit-codes`: the topics that are not commands. */
import { ENV } from '../auth/credentials.js';
import { CONFIG_KEY_DOCS, CONFIG_KEY_NAMES, envOf } from '../config/config-key-docs.js';
import { exitCodesHelp } from '../exit-codes.js';

export function environmentHelp(): string {
  const settings = CONFIG_KEY_NAMES.filter((k) => envOf(k)).map((k) => [envOf(k)!, `${CONFIG_KEY_DOCS[k].description} (config key ${k})`]);
  const rows: Array<[string, string]> = [
    [ENV.email, "the Sigma Support account's email, with a token or password below"],
    [ENV.token, 'an API token (email/token:TOKEN), only for automation your portal admin approved'],
    [ENV.password, "the account's password, where the portal's admin allows password access"],
    [ENV.oauthToken, 'an OAuth access token (bearer); wins over the two above'],
    ...(settings as Array<[string, string]>),
    ['NO_COLOR', 'set to anything: no colours (also --no-color)'],
    ['FORCE_COLOR', 'set to 1: colours even off a terminal'],
    ['TERM', 'dumb: no colours, spinners or cursor movement'],
    ['VISUAL, EDITOR', 'the editor for --editor and the description prompt, with its arguments ("code --wait"), split as a shell would'],
    ['BROWSER', 'none: never open a browser, print the URL'],
    ['XDG_CONFIG_HOME', 'where config.toml, profiles and templates/ live (…/sigma-support)'],
    ['XDG_STATE_HOME', 'where drafts live (…/sigma-support/drafts)'],
    ['XDG_CACHE_HOME', 'where the Severity field lookup is cached for 5 minutes, and on Node 20 the compiled CLI (…/sigma-support)'],
    ['HTTPS_PROXY, https_proxy', 'the proxy for the https portal: http://[user:password@]host:port (CONNECT)'],
    ['HTTP_PROXY, http_proxy', 'the proxy for an http portal (a sandbox on loopback: used only if on loopback too)'],
    ['ALL_PROXY, all_proxy', 'the proxy for either, when the two above are unset'],
    ['NO_PROXY, no_proxy', 'hosts reached directly: host, .domain or *.domain, IP, any with :port, or *'],
    ['NODE_EXTRA_CA_CERTS', "a PEM file of CA certificates to trust too (a proxy that re-signs HTTPS); Node's own"],
    ['DBUS_SESSION_BUS_ADDRESS', 'on Linux, the session bus of the Secret Service (keychain)'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return [
    'Environment variables:',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`),
    '',
    'Credentials are looked for in the environment first, then in the saved login (sigma-support auth login).',
    'Settings: flags win over the environment, which wins over the config file (sigma-support config).',
  ].join('\n');
}

export function topicHelp(topic: 'environment' | 'exit-codes'): string {
  return topic === 'environment' ? environmentHelp() : exitCodesHelp();
}
