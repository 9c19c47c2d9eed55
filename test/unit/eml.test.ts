// The .eml written when the portal is down (src/email/eml.ts), read back by an independent MIME
// parser (postal-mime), and checked as raw text where the standards say how it must look.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { draftEmailPath } from '../../src/drafts/draft-store.js';
import { writeEml, type EmailRequest } from '../../src/email/eml.js';
import { tempDir } from '../helpers/files.js';

const base = (over: Partial<EmailRequest> = {}): EmailRequest => ({
  to: 'help@example.com',
  from: 'me@example.com',
  cc: ['ana@example.com'],
  severity: 'S1',
  subject: 'Exports fail',
  description: 'Error ID 5e1-77\nsince 09:00',
  attachments: [],
  draftId: 'abcd1234',
  date: new Date('2026-11-29T00:00:00Z'),
  preamble: 'Sent by email: the portal could not be reached.',
  ...over,
});

async function write(request: EmailRequest) {
  const path = join(tempDir('eml-'), 'draft-x-abcd1234.eml');
  const written = await writeEml(request, path);
  const raw = readFileSync(path);
  return { written, raw: raw.toString('latin1'), parsed: await PostalMime.parse(raw), path };
}

/** The header block, unfolded (RFC 5322 section 2.2.3), one string per field. */
function headerFields(raw: string): string[] {
  return raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]/g, ' ').split('\r\n');
}

describe('the .eml of a request', () => {
  it('is beside the draft, with the same base name', () => {
    expect(draftEmailPath('/s/drafts/draft-2026-11-29T00-00-00-000Z-abcd1234.json')).toBe('/s/drafts/draft-2026-11-29T00-00-00-000Z-abcd1234.eml');
  });

  it('has the standard headers, the severity in the subject, and the draft named', async () => {
    const { parsed, raw, path } = await write(base());
    expect(parsed.subject).toBe('[S1] Exports fail');
    expect(parsed.from?.address).toBe('me@example.com');
    expect(parsed.to?.map((a) => a.address)).toEqual(['help@example.com']);
    expect(parsed.cc?.map((a) => a.address)).toEqual(['ana@example.com']);
    expect(parsed.date).toBe('2026-11-29T00:00:00.000Z');
    expect(parsed.messageId).toMatch(/^<[^@\s]+@example\.com>$/);
    expect(parsed.headers.find((h) => h.key === 'x-sigma-support-draft')?.value).toBe('abcd1234');
    expect(parsed.headers.find((h) => h.key === 'mime-version')?.value).toBe('1.0');
    expect(parsed.headers.find((h) => h.key === 'content-type')?.value).toMatch(/^multipart\/mixed; boundary=/);
    expect(parsed.text).toContain('Error ID 5e1-77\nsince 09:00');
    expect(parsed.text).toContain('Draft: abcd1234');
    // every line ends in CRLF, none is longer than RFC 5322's 998 characters
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(Math.max(...raw.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(998);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('leaves To: out when no support address is known', async () => {
    const { parsed, written } = await write(base({ to: undefined }));
    expect(parsed.to).toBeUndefined();
    expect(written.to).toBeUndefined();
  });

  it('encodes non-ASCII: the subject as RFC 2047 encoded-words, folded; the body quoted-printable in UTF-8', async () => {
    const subject = `Exports fail – ümlaut 日本語 ${'and a long tail '.repeat(8)}`.trim();
    const { parsed, raw } = await write(base({ subject, description: 'Fehler: Ärger 日本語' }));
    expect(parsed.subject).toBe(`[S1] ${subject}`);
    const subjectField = headerFields(raw).find((h) => h.startsWith('Subject:'))!;
    expect(subjectField).toMatch(/=\?UTF-8\?[QB]\?/i);
    expect(raw).not.toMatch(/[^\x00-\x7f]/); // the message itself is 7-bit
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable/);
    expect(parsed.text).toContain('Fehler: Ärger 日本語');
  });

  it('CR and LF in the subject or addresses never start a header of their own', async () => {
    const { raw, parsed } = await write(base({ subject: 'Exports fail\r\nBcc: evil@example.com\r\nX-Evil: 1', cc: ['ana@example.com', 'x@example.com\r\nBcc: evil@example.com'], from: 'me@example.com\nBcc: evil@example.com' }));
    const fields = headerFields(raw);
    expect(fields.filter((f) => /^(Bcc|X-Evil):/i.test(f))).toEqual([]);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).toBe('[S1] Exports fail Bcc: evil@example.com X-Evil: 1');
    expect(parsed.cc?.map((a) => a.address)).toEqual(['ana@example.com']);
  });

  it('attaches files base64 with their type and name (RFC 2231 for a non-ASCII name), byte for byte', async () => {
    const dir = tempDir('eml-files-');
    const bin = join(dir, 'capture.bin');
    const named = join(dir, 'journal ünï 日本.log');
    writeFileSync(bin, randomBytes(300_000));
    writeFileSync(named, 'ERROR at 09:00\n');
    const { parsed, raw } = await write(base({ attachments: [{ path: bin }, { path: named }] }));
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([
      ['capture.bin', 'application/octet-stream'],
      ['journal ünï 日本.log', 'text/plain'],
    ]);
    expect(Buffer.from(parsed.attachments[0]!.content as ArrayBuffer).equals(readFileSync(bin))).toBe(true);
    expect(Buffer.from(parsed.attachments[1]!.content as ArrayBuffer).toString()).toBe('ERROR at 09:00\n');
    expect(headerFields(raw.split(/\r\n--/).find((p) => p.includes('journal'))!.replace(/^[^\r]*\r\n/, ''))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Content-Disposition: attachment; filename\*0\*=utf-8''journal/)]),
    );
    expect(raw).toMatch(/Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=capture\.bin/);
  });

  it('carries attachments up to the budget and names the others, in the body and in what it returns', async () => {
    const dir = tempDir('eml-budget-');
    const [a, b, c] = ['a.bin', 'b.bin', 'c.bin'].map((n) => join(dir, n));
    writeFileSync(a!, randomBytes(600));
    writeFileSync(b!, randomBytes(500));
    writeFileSync(c!, randomBytes(300));
    const { parsed, written } = await write(base({ attachments: [a!, b!, c!, join(dir, 'gone.log')].map((path) => ({ path })), budget: 1000 }));
    expect(parsed.attachments.map((x) => x.filename)).toEqual(['a.bin', 'c.bin']);
    expect(written.leftOut.map((l) => l.path)).toEqual([b, join(dir, 'gone.log')]);
    expect(written.leftOut[1]!.why).toMatch(/could not be read \(ENOENT\)/);
    expect(parsed.text).toMatch(/Files left out of this email[^\n]*\n {2}- b\.bin: 500 B: over the 0 MB[^\n]*\n {2}- gone\.log: could not be read/);
  });
});
