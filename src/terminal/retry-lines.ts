/**
 * One retry line per wait. Calls made at the same time (the credential check and the form's fields,
 * or parallel uploads) fail the same way at the same time, and each would announce the same wait:
 * a notice repeating the reason and try number of one still being waited out is not printed again.
 */
/** What a wait is announced with: the HTTP client's retries and the create's own share these. */
export interface RetryNotice {
  reason: string;
  waitMs: number;
  attempt: number;
  attempts: number;
}

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
