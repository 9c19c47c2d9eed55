/** The exit-code table: every code the CLI can end with, and what it means. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  cancelled: 3,
  auth: 4,
  /** A create was sent and its outcome is unknown: the request may exist. */
  mayExist: 5,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES: ReadonlyArray<{ code: ExitCodeValue; meaning: string }> = [
  { code: ExitCode.ok, meaning: 'success (with --dry-run: everything checked, nothing sent)' },
  { code: ExitCode.failure, meaning: 'the portal or the network failed; nothing was created. For `requests reply`: also a closed request, which takes no replies (`submit --follow-up <id>` files a follow-up)' },
  { code: ExitCode.usage, meaning: 'invalid input or usage (a flag, a field or a file); nothing was sent' },
  { code: ExitCode.cancelled, meaning: 'cancelled by the user; nothing was sent' },
  { code: ExitCode.auth, meaning: 'credentials missing or refused by the portal' },
  { code: ExitCode.mayExist, meaning: 'the request may have been created: the outcome is unknown; the draft is kept, and `submit --recover <draft>` settles it without filing twice; for `requests reply`, the reply may have been added' },
  { code: ExitCode.interrupted, meaning: 'interrupted (Ctrl-C or a signal) before the create, or once it was found not created; nothing was created' },
];

export function exitCodesHelp(): string {
  return ['Exit codes:', ...EXIT_CODES.map(({ code, meaning }) => `  ${String(code).padEnd(4)}${meaning}`)].join('\n');
}
