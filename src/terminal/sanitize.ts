/**
 * Makes text safe to print on a terminal: removes control characters and escape sequences, so a
 * string from the portal (or a file) cannot move the cursor, recolour or rewrite the screen.
 */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS_KEEP_NEWLINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function sanitize(text: unknown, { multiline = false } = {}): string {
  const cleaned = String(text ?? '').replace(ESCAPES, '').replace(CONTROLS_KEEP_NEWLINES, '');
  return multiline ? cleaned : cleaned.replace(/[\n\t]+/g, ' ');
}
