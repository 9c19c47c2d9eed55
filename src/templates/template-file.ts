/**
 * A submit template: a small TOML file (https://toml.io/en/v1.0.0) that may set a subject prefix, a
 * description skeleton, a severity, CCs and the form's other fields. Read and checked here, with
 * zod; every problem names the file, the line and the key. It never holds an S0 confirmation: a
 * template's S0 is confirmed like any other (typed at the terminal, or --confirm-s0).
 */
import { readFile } from 'node:fs/promises';
import * as z from '../zod.js';
import { once } from '../once.js';
import { parseUserToml } from '../config/toml-text.js';
import { checkCcList, checkEmail, splitAddresses } from '../core/request-fields.js';
import { UsageError } from '../errors.js';
import { parseLevel, type Level } from '../severity/levels.js';
import { SEVERITY_PROBLEM } from '../core/validate-request.js';

export interface Template {
  /** The file it was read from. */
  path: string;
  /** One line saying what it is for (`about`), for --list-templates. */
  about?: string | undefined;
  subjectPrefix?: string | undefined;
  /** The skeleton's lines, shown in the editor instead of the default ones. */
  skeleton?: string[] | undefined;
  severity?: Level | undefined;
  cc?: string[] | undefined;
  /** The form's other fields, as --field takes them: `<id or title>=<value>`, with the key each came from. */
  fields: Array<{ key: string; flag: string }>;
}

/** A template is a few lines: anything larger is surely another file. */
export const TEMPLATE_MAX_BYTES = 64 * 1024;
const SKELETON_MAX_LINES = 40;
const PREFIX_MAX_CHARS = 60;

const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

type Ctx = { issues: unknown[] };
const issue = (ctx: Ctx, input: unknown, message: string) => (ctx.issues as object[]).push({ code: 'custom', message, input });

const oneLine = (max: number) =>
  z.string().check(
    z.superRefine((v, ctx) => {
      if (CONTROL_IN_LINE.test(v)) issue(ctx, v, 'holds control characters or a line break: use plain text on one line');
      else if ([...v].length > max) issue(ctx, v, `is ${[...v].length} characters long, over ${max}`);
    }),
  );

/**
 * The template's schema, built when a template is first read, then kept: every `submit` loads this
 * module (run.ts), and most use no template, so building it as the module loads cost each of them
 * its time (bench/notes.md).
 */
const schema = once(() => {
  const fieldValue = z.union([z.string(), z.number().check(z.refine(Number.isFinite, 'must be a finite number')), z.boolean(), z.array(z.string())]);

  return z.strictObject({
    about: z.optional(oneLine(200)),
    'subject-prefix': z.optional(
      oneLine(PREFIX_MAX_CHARS).check(z.refine((v) => v.trim() !== '', 'is empty: remove the key, or give the text to put before each subject')),
    ),
    skeleton: z.optional(
      z.string().check(
        z.superRefine((v, ctx) => {
          if (CONTROL_IN_TEXT.test(v)) issue(ctx, v, 'holds control characters or terminal escape sequences: use plain text');
          else if (v.split('\n').length > SKELETON_MAX_LINES) issue(ctx, v, `has more than ${SKELETON_MAX_LINES} lines: keep the checklist short`);
        }),
      ),
    ),
    severity: z.optional(
      z.string().check(
        z.superRefine((v, ctx) => {
          if (parseLevel(v) === undefined) issue(ctx, v, `"${v}" is not a severity: ${SEVERITY_PROBLEM}`);
        }),
      ),
    ),
    cc: z.optional(
      z.union([z.string(), z.array(z.string())]).check(
        z.superRefine((v, ctx) => {
          const list = Array.isArray(v) ? v : [v];
          const bad = splitAddresses(list).map(checkEmail).find(Boolean);
          const checked = checkCcList(list);
          if (bad) issue(ctx, v, `${bad}: give full addresses such as name@example.com`);
          else if (!checked.ok) issue(ctx, v, checked.problem);
        }),
      ),
    ),
    fields: z.optional(z.record(z.string().check(z.refine((k) => k.trim() !== '' && !k.includes('='), 'a field key must be its id or title, without "="')), fieldValue)),
  });
});

const EXPECTED: Record<string, string> = {
  about: 'one line of text in quotes',
  'subject-prefix': 'text in quotes, such as "[Exports]"',
  skeleton: 'text in quotes (several lines in """triple quotes""")',
  severity: 'text in quotes, such as "S2"',
  cc: 'an address in quotes, or a list of them: ["a@example.com", "b@example.com"]',
  fields: 'a table: a [fields] line, then "<id or title>" = <value> lines',
};
const FIELD_EXPECTED = 'text in quotes, a number, true or false, or a list of texts (for a multi-select)';

export const TEMPLATE_KEYS = Object.keys(EXPECTED);

/** How a template's problems end: what to do. */
export const TEMPLATE_HINT = 'Nothing was sent. Fix the template (see `sigma-support submit --help`), or leave out --template.';

/** The line (from 1) where a key of the template is set, compared as text, never as a pattern. */
export function lineOfKey(text: string, path: readonly (string | number)[]): number | undefined {
  const unquote = (s: string) => (/^(["']).*\1$/.test(s) ? s.slice(1, -1) : s);
  const [top, sub] = path.map(String);
  let table: string | undefined;
  let topLine: number | undefined;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const l = raw.trim();
    if (l.startsWith('[')) {
      table = unquote(l.replace(/^\[+|\]+$/g, '').trim());
      if (table === top && topLine === undefined) topLine = i + 1;
      continue;
    }
    if (!l.includes('=') || l.startsWith('#')) continue;
    const name = l.slice(0, l.indexOf('=')).trim();
    const dotted = name.split('.').map((p) => unquote(p.trim()));
    const full = table !== undefined ? [table, ...dotted] : dotted;
    if (full[0] !== top) continue;
    if (sub === undefined || full[1] === sub) return i + 1;
    topLine ??= i + 1;
  }
  return topLine;
}

function problemOf(text: string, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const line = lineOfKey(text, [issue.keys[0]!]);
    return `${line ? `line ${line}: ` : ''}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a template may set ${TEMPLATE_KEYS.join(', ')})`;
  }
  const path = issue.path.map(String);
  const key = path.length > 1 ? `${path[0]}."${path[1]}"` : path[0]!;
  const line = lineOfKey(text, path);
  const expected = path[0] === 'fields' && path.length > 1 ? FIELD_EXPECTED : EXPECTED[path[0] ?? ''];
  const what = issue.code === 'invalid_type' || issue.code === 'invalid_union' ? `must be ${expected}` : issue.message;
  return `${line ? `line ${line}: ` : ''}key ${key}: ${what}`;
}

/** A field value as --field takes it: yes/no for a checkbox, a comma-separated list for a multi-select. */
function asFlagValue(value: string | number | boolean | string[]): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Reads the template at `path`: a missing, unreadable, oversized or non-UTF-8 file is a usage error naming it. */
export async function readTemplate(path: string): Promise<Template> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? (error as Error).message})`;
    throw new UsageError(`--template ${path}: ${why}`, 'Nothing was sent. Give a template file, or the name of one in the templates folder (`sigma-support submit --list-templates`).');
  }
  if (bytes.length > TEMPLATE_MAX_BYTES) throw new UsageError(`--template ${path}: the file is ${Math.ceil(bytes.length / 1024)} KB; a template is at most ${TEMPLATE_MAX_BYTES / 1024} KB`, TEMPLATE_HINT);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`--template ${path}: the file is not UTF-8 text`, TEMPLATE_HINT);
  }
  return parseTemplate(text, path);
}

export function parseTemplate(text: string, path: string): Template {
  const json = parseUserToml(text, `template ${path}`, TEMPLATE_HINT);
  const parsed = schema().safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => problemOf(text, i));
    throw new UsageError(problems.length === 1 ? `template ${path}: ${problems[0]}` : `template ${path} has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`, TEMPLATE_HINT);
  }
  const t = parsed.data;
  const skeleton = t.skeleton?.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '');
  return {
    path,
    about: t.about?.trim() || undefined,
    subjectPrefix: t['subject-prefix']?.trim(),
    skeleton: skeleton?.length ? skeleton : undefined,
    severity: t.severity !== undefined ? parseLevel(t.severity) : undefined,
    cc: t.cc !== undefined ? (checkCcList(Array.isArray(t.cc) ? t.cc : [t.cc]) as { value: string[] }).value : undefined,
    fields: Object.entries(t.fields ?? {}).map(([key, value]) => ({ key, flag: `${key.trim()}=${asFlagValue(value)}` })),
  };
}
