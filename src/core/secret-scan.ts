/**
 * Finds token shapes (secret-patterns.ts) in text the user sends as it is: the description and
 * plain-text attachments. It reports where (the line) and what kind, never the secret itself, so a
 * warning can name it. Files are read in chunks, so memory does not grow with the file.
 */
import { createReadStream } from 'node:fs';
import { TOKEN_SHAPES } from './secret-patterns.js';

export interface SecretFinding {
  /** What was found, in words ("a JWT (session or API token)"). */
  label: string;
  /** 1-based line numbers where it was found (at most MAX_LINES of them). */
  lines: number[];
  count: number;
}

const MAX_LINES = 5;
const CHUNK = 64 * 1024;
/** Longest token shape looked for across a chunk boundary. */
const OVERLAP = 4096;

class Findings {
  private readonly byLabel = new Map<string, SecretFinding>();
  add(label: string, line: number): void {
    const f = this.byLabel.get(label) ?? { label, lines: [], count: 0 };
    f.count++;
    if (f.lines.length < MAX_LINES && !f.lines.includes(line)) f.lines.push(line);
    this.byLabel.set(label, f);
  }
  list(): SecretFinding[] {
    return [...this.byLabel.values()];
  }
}

/** Counts the matches in `text` (whose first line is `firstLine`) that start before `until`. */
function scan(text: string, firstLine: number, until: number, findings: Findings): void {
  for (const { pattern, label } of TOKEN_SHAPES) {
    pattern.lastIndex = 0;
    // matches come in order, so the line count only moves forward: linear in the text
    let line = firstLine;
    let counted = 0;
    for (let m = pattern.exec(text); m && m.index < until; m = pattern.exec(text)) {
      for (let i = text.indexOf('\n', counted); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) {
        line++;
        counted = i + 1;
      }
      findings.add(label, line);
    }
  }
}

export function findSecretsInText(text: string): SecretFinding[] {
  const findings = new Findings();
  scan(text, 1, text.length, findings);
  return findings.list();
}

/**
 * Scans a file in chunks. The last OVERLAP characters of each round are carried to the next, and
 * matches starting there are counted then, so a token cut by a chunk boundary is seen whole, once.
 */
export async function findSecretsInFile(path: string, signal?: AbortSignal): Promise<SecretFinding[]> {
  const findings = new Findings();
  let carry = '';
  let carryLine = 1;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK, signal })) {
    const text = carry + (chunk as string);
    const keepFrom = Math.max(0, text.length - OVERLAP);
    scan(text, carryLine, keepFrom, findings);
    for (let i = text.indexOf('\n'); i >= 0 && i < keepFrom; i = text.indexOf('\n', i + 1)) carryLine++;
    carry = text.slice(keepFrom);
  }
  scan(carry, carryLine, carry.length, findings);
  return findings.list();
}
