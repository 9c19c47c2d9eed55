/**
 * Arguments that were not valid UTF-8. Node decodes the command line lossily: invalid bytes arrive
 * as U+FFFD, the replacement character, and the text would be sent changed without a word. An
 * argument holding U+FFFD is refused, naming its flag, unless the command line's own bytes show it
 * was typed as such (Linux gives them in /proc/self/cmdline; elsewhere U+FFFD is refused outright,
 * as it is almost never meant).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

const REPLACEMENT = '\uFFFD';

/** The raw bytes of the last `count` arguments, where the system shows them. */
function rawArguments(count: number): Buffer[] | undefined {
  try {
    const bytes = readFileSync('/proc/self/cmdline');
    const parts: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) {
        parts.push(bytes.subarray(start, i));
        start = i + 1;
      }
    }
    return parts.length >= count ? parts.slice(parts.length - count) : undefined;
  } catch {
    return undefined;
  }
}

/** The flag an argument belongs to: `--flag=value`, the flag before a value, or its position. */
function flagOf(argv: readonly string[], index: number): string {
  const arg = argv[index]!;
  if (arg.startsWith('-')) return arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
  const previous = argv[index - 1];
  return previous?.startsWith('--') && !previous.includes('=') ? previous : `argument ${index + 1} ("${arg.replace(/[^\x20-\x7e]/g, '?')}")`;
}

/** Throws a UsageError naming the first flag whose value was not valid UTF-8. */
export function refuseInvalidUtf8(argv: readonly string[], raw: () => Buffer[] | undefined = () => rawArguments(argv.length)): void {
  const suspects = argv.map((a, i) => (a.includes(REPLACEMENT) ? i : -1)).filter((i) => i >= 0);
  if (suspects.length === 0) return;
  const bytes = raw();
  // valid UTF-8 decodes and encodes back to the same bytes; anything else was replaced
  const bad = suspects.find((i) => !bytes || !Buffer.from(argv[i]!).equals(bytes[i]!));
  if (bad === undefined) return;
  throw new UsageError(
    `${flagOf(argv, bad)}: is not valid UTF-8 text (a byte that is not UTF-8 would be sent as "${REPLACEMENT}")`,
    'Give the text in UTF-8 (check the terminal\'s or the script\'s encoding, e.g. LANG=C.UTF-8), or put it in a UTF-8 file and use the flag that reads a file.',
  );
}
