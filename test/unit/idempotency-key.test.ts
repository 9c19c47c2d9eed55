// The Idempotency-Key of a create: a random (version 4) UUID, a new one every time.
import { expect, it } from 'vitest';
import { newIdempotencyKey, uuidV4 } from '../../src/portal/idempotency-key.js';

const V4 = /^sigma-support-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it('is a version 4 UUID, different for every request', () => {
  const keys = Array.from({ length: 1000 }, () => newIdempotencyKey());
  for (const key of keys) expect(key).toMatch(V4);
  expect(new Set(keys).size).toBe(keys.length);
  // 122 random bits: over 1000 keys every hex digit outside the fixed ones turns up in every place
  const digits = keys.map((k) => k.slice('sigma-support-'.length).replaceAll('-', ''));
  for (let place = 0; place < 32; place++) {
    if (place === 12 || place === 16) continue; // the version, and the variant's two fixed bits
    expect(new Set(digits.map((d) => d[place])).size, `hex digit ${place}`).toBe(16);
  }
});

it('sets only the version and variant bits of the random bytes', () => {
  expect(uuidV4(new Uint8Array(16).fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  expect(uuidV4(new Uint8Array(16))).toBe('00000000-0000-4000-8000-000000000000');
  expect(uuidV4(Uint8Array.from({ length: 16 }, (_, i) => i * 17))).toBe('00112233-4455-4677-8899-aabbccddeeff');
  expect(() => uuidV4(new Uint8Array(15))).toThrow(RangeError);
});
