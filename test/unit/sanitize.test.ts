import { describe, expect, it } from 'vitest';
import { safeJson, sanitize } from '../../src/terminal/sanitize.js';

describe('sanitize', () => {
  it('shows controls, escape sequences, bidi and zero-width characters as visible \\u{...}', () => {
    expect(sanitize('x\u202egnp.exe')).toBe('x\\u{202e}gnp.exe');
    expect(sanitize('\u001b]52;c;aGk=\u0007ok')).toBe('\\u{1b}]52;c;aGk=\\u{7}ok');
    expect(sanitize('a\u009b2Jb\u0085c')).toBe('a\\u{9b}2Jb\\u{85}c');
    expect(sanitize('zero\u200bwidth\u2066iso\u2069\ufeff')).toBe('zero\\u{200b}width\\u{2066}iso\\u{2069}\\u{feff}');
    expect(sanitize('tag\u{E0041}')).toBe('tag\\u{e0041}');
    expect(sanitize('lone\ud800')).toBe('lone\\u{d800}');
  });

  it('keeps plain text, other scripts and emoji sequences as they are', () => {
    expect(sanitize('café 日本 عربى')).toBe('café 日本 عربى');
    expect(sanitize('👨\u200d👩\u200d👧')).toBe('👨\u200d👩\u200d👧');
    expect(sanitize('a\u200db')).toBe('a\\u{200d}b');
  });

  it('one line unless multiline, where newlines and tabs stay', () => {
    expect(sanitize('a\r\nb\tc\nd')).toBe('a b c d');
    expect(sanitize('a\r\nb\tc\rd', { multiline: true })).toBe('a\nb\tc\\u{d}d');
  });
});

describe('safeJson', () => {
  it('escapes C1 and format characters as \\u, and reads back as the same data', () => {
    const data = { s: 'x\u202e\u0085\u009b\u{E0041}\u2028\u001b\u007f\u200b', n: 1 };
    const text = safeJson(data);
    expect(text).not.toMatch(/[\u007f-\u009f\u2028\u202e\u200b\u001b]/);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\udb40\\udc41');
    expect(JSON.parse(text)).toEqual(data);
  });

  it('escapes DEL in otherwise plain ASCII, and one C1 or format character alone; leaves plain ASCII as JSON.stringify writes it', () => {
    expect(safeJson({ s: 'a\u007fb' })).toBe('{"s":"a\\u007fb"}');
    expect(safeJson({ s: 'a\u0085b' })).toBe('{"s":"a\\u0085b"}');
    expect(safeJson(['\u2028'])).toBe('["\\u2028"]');
    const plain = { id: 1, subject: 'Seeded request 1', tags: ['a', 'b'], none: null };
    expect(safeJson(plain, 2)).toBe(JSON.stringify(plain, null, 2));
  });
});
