/**
 * Checks of the text fields: subject, description and CC addresses. Each check returns the clean
 * value or a problem in words; the caller gathers every problem into one message.
 */
// the library's ES module for email alone: its package index also loads URI, IP and @hapi/hoek code (40 KB) this never uses
import { analyzeEmail } from '@hapi/address/esm/email.js';
import { LIMITS } from './limits.js';

export type Check<T> = { ok: true; value: T } | { ok: false; problem: string };

// C0 and C1 control characters, DEL, and so every terminal escape sequence (which starts with ESC).
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function checkSubject(raw: string): Check<string> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: 'cannot be empty: give a brief summary of the problem' };
  if (CONTROL_IN_LINE.test(value)) return { ok: false, problem: 'contains control characters or terminal escape sequences: use plain text on one line' };
  const length = [...value].length;
  if (length > LIMITS.subjectChars) {
    return { ok: false, problem: `is ${length} characters long, over the limit of ${LIMITS.subjectChars}: keep it brief and put the details in the description` };
  }
  return { ok: true, value };
}

export function checkDescription(raw: string): Check<string> {
  const value = raw.replace(/\r\n?/g, '\n').trim();
  if (value === '') return { ok: false, problem: 'cannot be empty: describe the problem, with the error message and its ID' };
  if (CONTROL_IN_TEXT.test(value)) return { ok: false, problem: 'contains control characters or terminal escape sequences: use plain text' };
  const bytes = Buffer.byteLength(value);
  if (bytes > LIMITS.descriptionBytes) {
    return { ok: false, problem: `is ${Math.ceil(bytes / 1024)} KB, over the portal's limit of ${LIMITS.descriptionBytes / 1024} KB: attach long logs as files instead` };
  }
  return { ok: true, value };
}

/**
 * Addresses follow RFC 5321/5322 (dot-atom local parts such as o'brien, user!x, a=b; at most 64
 * characters before the @ and 254 in all) and RFC 6531/5890 (international addresses and IDN
 * domains), checked by @hapi/address. The domain needs a dot: mail to a bare host name would
 * not leave the portal. Quoted local parts and address literals ([127.0.0.1]) are refused.
 */
const EMAIL_RULES = { minDomainSegments: 2 } as const;

/** Splits "a@x.com, b@y.com" (commas, semicolons or spaces) into addresses. */
export function splitAddresses(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/[,;\s]+/)).map((v) => v.trim()).filter((v) => v !== '');
}

/** Undefined for a valid address, else what is wrong with it. */
export function checkEmail(address: string): string | undefined {
  const problem = analyzeEmail(address, EMAIL_RULES);
  return problem ? `"${address}" is not an email address (${problem.error.toLowerCase()})` : undefined;
}

/** Validates and de-duplicates CC addresses (case-insensitively, keeping the first spelling). */
export function checkCcList(values: readonly string[]): Check<string[]> {
  const addresses = splitAddresses(values);
  const bad = addresses.map(checkEmail).filter((p): p is string => p !== undefined);
  if (bad.length > 0) return { ok: false, problem: `${bad.join('; ')}: give full addresses such as name@example.com` };
  const seen = new Set<string>();
  const unique = addresses.filter((a) => {
    const key = a.toLowerCase();
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.length > LIMITS.ccCount) return { ok: false, problem: `has ${unique.length} addresses, over the portal's limit of ${LIMITS.ccCount}` };
  return { ok: true, value: unique };
}
