/**
 * One retry line per wait. Calls made at the same time (the credential check and the form's fields,
 * or parallel uploads) fail the same way at the same time, and each would announce the same wait:
 * a notice repeating the reason and try number of one still being waited out is not printed again.
 */
import type { RetryNotice } from '../portal/http-client.js';

export function retryLines(print: (notice: RetryNotice) => void, now: () => number = Date.now): (notice: RetryNotice) => void {
  let last: { key: string; until: number } | undefined;
  return (notice) => {
    const key = `${notice.reason}\u0000${notice.attempt}\u0000${notice.attempts}`;
    const at = now();
    if (last && last.key === key && at <= last.until) return;
    last = { key, until: at + notice.waitMs };
    print(notice);
  };
}
