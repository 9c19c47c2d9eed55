import { expect } from 'vitest';

/**
 * Asserts that a submit run from a script wrote only its progress on stderr: "Uploading" and one
 * line per file (in any order: they upload side by side) when there are files, then "Creating the
 * request" once per create sent. No warning, error or other line.
 */
export function expectOnlyProgress(stderr: string, fileNames: readonly string[], creates = 1): void {
  const lines = stderr.split('\n').filter((l) => l !== '');
  expect(lines.slice(-creates)).toEqual(Array(creates).fill('Creating the request'));
  const before = lines.slice(0, -creates);
  if (fileNames.length === 0) {
    expect(before).toEqual([]);
    return;
  }
  expect(before[0]).toBe('Uploading');
  expect(before.slice(1).map((l) => /^uploaded (.+) \([\d.]+ [kMG]?B\)$/.exec(l)?.[1] ?? l).sort()).toEqual([...fileNames].sort());
}
