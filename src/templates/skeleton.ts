/**
 * The description skeleton: a short checklist of what Sigma Support needs, shown below the text in
 * the editor. Its lines start with "~~ " so that they read as notes, and they are removed when the
 * editor closes, but only as written: a line is dropped when it is, to its trailing spaces, one of
 * the skeleton's own lines. Nothing the user types is ever dropped, whatever it starts with (a
 * markdown heading "# ...", `;; ANSWER SECTION` from dig, a "> " quote...).
 */
export const SKELETON_MARK = '~~';

/** What Sigma Support asks for in a request (its "Escalate critical issues" guidance). */
export const DEFAULT_SKELETON: readonly string[] = [
  ' - What happened?',
  ' - The error message, word for word, and its ID',
  ' - The workbook or page URL',
  ' - The steps that lead to it',
  ' - What you expected instead',
  ' - When it started',
  ' - Who is affected: you, some users, everyone?',
];

const HEADER = [
  `${SKELETON_MARK} ------------------------------------------------------------------`,
  `${SKELETON_MARK} Write the description above. These ${SKELETON_MARK} lines are not sent:`,
  `${SKELETON_MARK} they list what Sigma Support needs to help quickly.`,
];

/** The skeleton's lines as they appear in the editor. `items`: a template's lines, or the default. */
export function skeletonLines(items: readonly string[] = DEFAULT_SKELETON): string[] {
  return [...HEADER, ...items.map((line) => `${SKELETON_MARK} ${line}`.trimEnd())];
}

/** What the editor opens on: the text so far, a blank line, then the skeleton. */
export function withSkeleton(text: string, items?: readonly string[]): string {
  const body = text.replace(/\s+$/, '');
  return `${body}\n\n${skeletonLines(items).join('\n')}\n`;
}

/** The text without the skeleton's lines left as they were; trailing blank lines go with them. */
export function withoutSkeleton(text: string, items?: readonly string[]): string {
  const own = new Set(skeletonLines(items));
  return text
    .split(/\r?\n/)
    .filter((line) => !own.has(line.trimEnd()))
    .join('\n')
    .replace(/\s+$/, '');
}
