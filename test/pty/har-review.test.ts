import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/files.js';
import { JWT, writeHar } from '../helpers/har.js';
import { KEYS, PtySession, WITHOUT_ORGANIZATION, usePtySandbox, typeItHere } from '../helpers/pty.js';

// A form without the sandbox's optional Organization field: these tests are about the other prompts.
const t = usePtySandbox(WITHOUT_ORGANIZATION);

describe('the review names what was scrubbed and where secrets are', () => {
  it('shows the HAR scrub counts and a warning for a token in the description; after editing it, the warning is gone', async () => {
    const har = join(tempDir(), 'session.har');
    writeHar(har, 2);
    t.session = new PtySession(['submit', '--cc', 'ana@example.com', '--subject', 'Login loops', '--description', `Fails with ${JWT}`, '--severity', 'S3', '--attach', har], t.sandbox.env, { cols: 200 });
    const s = t.session;
    await s.waitFor('Review your request');
    await s.waitFor('session.har: HAR scrubbed before upload: removed 8 cookies, 2 authorization headers, 2 API-key headers, 2 query parameters, 4 body fields');
    await s.waitFor('Warning: the description holds a JWT (session or API token) on line 1');
    await s.waitFor('Send this request?');
    s.write(KEYS.down + KEYS.enter); // Edit a field
    await s.waitFor('Which field?');
    s.write(KEYS.down + KEYS.down + KEYS.enter); // Description
    await s.waitFor('Description: what happened');
    await typeItHere(s);
    s.line('Fails with the token I removed');
    s.line('.');
    await s.waitFor('Review your request');
    await s.waitFor('Send this request?');
    const review = s.screen.slice(s.screen.lastIndexOf('Review your request'));
    expect(review).toContain('session.har: HAR scrubbed before upload');
    expect(review).not.toContain('Warning: the description');
    s.write(KEYS.enter);
    await s.waitFor(/Request #\d+ filed/);
    expect(await s.exited).toBe(0);
    const stored = t.sandbox.requests().at(-1)!;
    expect(stored.description).toBe('Fails with the token I removed');
    expect(t.sandbox.storedBytes(stored.comments[0]!.attachments[0]!.stored_as).toString()).not.toContain(JWT);
  });
});
