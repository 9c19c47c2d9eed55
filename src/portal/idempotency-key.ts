/**
 * The Idempotency-Key a create carries: unique per request and unguessable, so that a retry of the
 * same create is answered from the portal's store and no other request can collide with it
 * (https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency).
 *
 * It is a random (version 4) UUID, RFC 9562 section 5.4 (https://www.rfc-editor.org/rfc/rfc9562#section-5.4),
 * made from 16 bytes of the operating system's cryptographic random source. Where there is a
 * /dev/urandom (Linux, macOS, the BSDs: https://man7.org/linux/man-pages/man4/urandom.4.html) it is
 * read with `node:fs`, which every command has loaded already; elsewhere, or when it cannot be read,
 * `crypto.randomUUID()`. Loading `node:crypto` costs a scripted submit about 8 ms on Node 20
 * (its whole cipher, key and certificate layer comes with it), more than the rest of the create.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const KERNEL_SOURCE = '/dev/urandom';

export function newIdempotencyKey(): string {
  const bytes = process.platform === 'win32' ? undefined : kernelRandomBytes(16);
  return `sigma-support-${bytes ? uuidV4(bytes) : process.getBuiltinModule('node:crypto').randomUUID()}`;
}

/** `length` bytes from the kernel's random source, or undefined when it cannot be read whole. */
function kernelRandomBytes(length: number): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(KERNEL_SOURCE, 'r');
    const bytes = new Uint8Array(length);
    for (let got = 0; got < length; ) {
      const n = readSync(fd, bytes, got, length - got, null);
      if (n <= 0) return undefined;
      got += n;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A version 4 UUID from 16 random bytes: the version (0100) and variant (10) bits set, in its 8-4-4-4-12 hex form. */
export function uuidV4(random: Uint8Array): string {
  if (random.length !== 16) throw new RangeError('a UUID is made of 16 bytes');
  const b = Uint8Array.from(random);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
