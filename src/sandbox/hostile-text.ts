/**
 * The sandbox's hostile-text mode (`sigma-support sandbox --hostile-text`): every text in every
 * answer (subjects, descriptions, comments, statuses, dates, names and emails, field titles and
 * option names and tags, error bodies, OAuth errors, the status page's summary and incidents)
 * carries terminal escape sequences, C1 controls, bidi overrides and zero-width characters, as a
 * compromised or careless portal could send. It rehearses that nothing the portal says can retitle,
 * clear or rewrite the user's terminal, set the clipboard, or disguise a link or a file name. Ids,
 * URLs and tokens are left alone, so the CLI can still talk to the portal.
 */

/** Each piece is a way text can take over a terminal (ECMA-48 and xterm's control sequences). */
export const HOSTILE_PIECES = {
  title: '\u001b]0;pwned title\u0007', // OSC 0: set the window title
  clipboard: '\u001b]52;c;ZWNobyBwd25lZA==\u0007', // OSC 52: write the clipboard
  link: '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', // OSC 8: a hyperlink
  clear: '\u001b[2J\u001b[H', // CSI: clear the screen, cursor home
  dcs: '\u001bP+q544e\u001b\\', // DCS: a terminal query
  c1: '\u009b31m\u0085\u009d0;c1 title\u009c', // C1 CSI, NEL, C1 OSC ... ST
  bidi: '\u202egnp.exe\u202c\u2066\u2069', // RLO ... PDF, an isolate
  zeroWidth: '\u200b\u200d\u2060\ufeff',
} as const;

export const HOSTILE_SUFFIX = Object.values(HOSTILE_PIECES).join('');

/** Keys whose string values are text the CLI may print; others (ids, urls, tokens, flags) are kept. */
const TEXT_KEYS = new Set([
  'subject', 'description', 'body', 'plain_body', 'html_body', 'status', 'created_at', 'updated_at',
  'name', 'title', 'title_in_portal', 'raw_title', 'display_name', 'file_name', 'content_type',
  'email', 'value', 'error', 'error_description', 'message', 'details',
]);

/**
 * The answer with the hostile suffix added to every text in it: a string under a text key, any
 * string within `details` (validation errors), and an answer that is a bare string.
 */
export function withHostileText(body: unknown, key?: string, allText = false): unknown {
  if (typeof body === 'string') return allText || key === undefined || TEXT_KEYS.has(key) ? `${body}${HOSTILE_SUFFIX}` : body;
  if (Array.isArray(body)) return body.map((item) => withHostileText(item, key, allText));
  if (body !== null && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, withHostileText(v, k, allText || k === 'details')]));
  }
  return body;
}
