/**
 * A file path as typed at a prompt, or as a terminal pastes it when a file is dragged in:
 * quoted ('/path/with space.txt'), backslash-escaped (/path/with\ space.txt), or starting with ~.
 * Also completes a half-typed path on Tab.
 */
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/** The path a typed or dropped-in answer names. */
export function parseTypedPath(typed: string, home = homedir()): string {
  const text = typed.trim();
  const quoted = /^'(.*)'$/s.exec(text) ?? /^"(.*)"$/s.exec(text);
  if (quoted) return expandHome(text.startsWith('"') ? quoted[1]!.replace(/\\(["\\$`])/g, '$1') : quoted[1]!, home);
  return expandHome(text.replace(/\\(.)/g, '$1'), home);
}

/** Escapes what a shell would split or expand, as terminals do for a dropped file. */
const escape = (name: string) => name.replace(/([\s'"\\$`!&;|<>()*?[\]{}#])/g, '\\$1');

export interface Completion {
  /** The line with the path completed as far as it is unambiguous. */
  line: string;
  /** The names it could go on with, when there are several. */
  candidates: string[];
}

/** Completes the path typed so far, as a shell would: to the one match, or to what all matches share. */
export function completeTypedPath(typed: string, home = homedir()): Completion {
  const quote = /^['"]/.exec(typed)?.[0] ?? '';
  const raw = quote ? typed.slice(1) : typed;
  const path = quote ? expandHome(raw, home) : parseTypedPath(raw, home);
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '.' : slash === 0 ? '/' : path.slice(0, slash);
  const base = path.slice(slash + 1);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(base) && (base.startsWith('.') || !n.startsWith('.'))).sort();
  } catch {
    return { line: typed, candidates: [] };
  }
  if (names.length === 0) return { line: typed, candidates: [] };
  let common = names[0]!;
  for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
  const isDir = names.length === 1 && (() => {
    try {
      return statSync(join(dir, common)).isDirectory();
    } catch {
      return false;
    }
  })();
  // the part the user typed before the name is kept as typed (with its ~, quotes or escapes)
  const typedBase = raw.slice(raw.lastIndexOf('/') + 1);
  const head = typed.slice(0, typed.length - typedBase.length);
  const rest = quote ? common : escape(common);
  return { line: `${head}${rest}${isDir ? '/' : ''}`, candidates: names.length > 1 ? names : [] };
}
