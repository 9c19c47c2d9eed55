/**
 * The S0 category (core/s0-criteria.ts): shown after the S0 warning with the checks Sigma asks for
 * first, picked after the typed confirmation (or given with --s0-category), and recorded as one line
 * at the top of the description.
 */
import type { ChalkInstance } from 'chalk';
import wrapAnsi from 'wrap-ansi';
import { S0_CATEGORIES, S0_CHECKS, categoryHeader, withCategoryHeader, type S0CategoryId } from '../../core/s0-criteria.js';
import type { ValidRequest } from '../../core/validate-request.js';
import { UsageError } from '../../errors.js';
import { terminalWidth, type IOStreams } from '../../terminal/iostreams.js';
import type { Prompter } from '../../terminal/prompter.js';

export interface S0Category {
  /** Writes the categories and checks (after the S0 warning). */
  show(): void;
  /** Asks for the category, unless --s0-category gave it. */
  pick(): Promise<void>;
  /** The review's line, when a category is set and the request is S0. */
  reviewLines(severity: string | undefined): string[];
  /** The request with the category's line at the top of its description (S0 only). */
  apply(request: ValidRequest): ValidRequest;
  /** What --json adds. */
  json(request: ValidRequest): { s0_category?: S0CategoryId };
}

export function s0Category(flag: S0CategoryId | undefined, io: IOStreams, style: ChalkInstance, prompter: () => Prompter): S0Category {
  let chosen = flag;
  return {
    show() {
      // each bullet wraps between words at the terminal's width, hanging under its text
      const width = Math.max(30, terminalWidth(io) - 5);
      const bullet = (text: string) => wrapAnsi(text, width, { hard: true }).split('\n').map((l, i) => `${i === 0 ? '  • ' : '    '}${l}`).join('\n');
      const lines = [
        style.bold("S0 is for these categories (Sigma's escalation criteria):"),
        ...S0_CATEGORIES.map((c) => bullet(`${c.label}${c.detail ? `: ${c.detail}` : ''}`)),
        style.bold('Before choosing S0, Sigma asks:'),
        ...S0_CHECKS.map(bullet),
      ];
      io.stderr.write(`${lines.join('\n')}\n\n`);
    },
    async pick() {
      if (chosen) return;
      chosen = await prompter().select<S0CategoryId>({
        message: 'Which S0 category is it? (recorded at the top of the description)',
        choices: S0_CATEGORIES.map((c) => ({ value: c.id, name: c.label, ...(c.detail ? { description: c.detail } : {}) })),
      });
    },
    reviewLines: (severity) => (severity === 'S0' && chosen ? [`  ${style.bold('S0 category'.padEnd(13))}${categoryHeader(chosen).replace('S0 category: ', '')}`] : []),
    apply: (request) => (request.severity.level === 'S0' && chosen ? { ...request, description: withCategoryHeader(request.description, chosen) } : request),
    json: (request) => (request.severity.level === 'S0' && chosen ? { s0_category: chosen } : {}),
  };
}

/** --s0-category is for S0 only: given with another level, it is surely a mistake. */
export function checkS0CategoryFlag(flag: S0CategoryId | undefined, severity: string | undefined): void {
  if (flag !== undefined && severity !== undefined && severity !== 'S0') {
    throw new UsageError(`--s0-category applies only to S0 requests (this one is ${severity})`, 'Remove --s0-category, or choose --severity S0 if the issue meets the S0 criteria.');
  }
}
