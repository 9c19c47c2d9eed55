import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';

/** A JWT-shaped value (header {"alg":"HS256"}, payload {"sub":"1234567890"}); signed with nothing real. */
export const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLW5vdC1yZWFs';

/** One browser exchange carrying every kind of secret a HAR holds, and things that must stay. */
export function harEntry(i: number, responseText = 'ok'): unknown {
  return {
    startedDateTime: '2026-11-28T10:00:00.000Z',
    time: 42.5,
    request: {
      method: 'POST',
      url: `https://app.sigmacomputing.com/api/v2/query?workbook=wb-${i}&access_token=${JWT}&page=2`,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Cookie', value: `sigma_session=sess-${i}-value` },
        { name: 'Authorization', value: `Bearer ${JWT}` },
        { name: 'X-Api-Key', value: `apikey-${i}-value` },
        { name: 'Accept', value: 'application/json' },
      ],
      cookies: [{ name: 'sigma_session', value: `sess-${i}-value` }],
      queryString: [
        { name: 'workbook', value: `wb-${i}` },
        { name: 'access_token', value: JWT },
        { name: 'page', value: '2' },
      ],
      postData: { mimeType: 'application/json', text: JSON.stringify({ query: 'select 1', password: `pw-${i}-value`, nested: { client_secret: `cs-${i}-value` } }) },
      headersSize: -1,
      bodySize: 80,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Set-Cookie', value: `sigma_session=new-${i}-value; HttpOnly` },
        { name: 'Content-Type', value: 'text/plain' },
      ],
      cookies: [{ name: 'sigma_session', value: `new-${i}-value` }],
      content: { size: responseText.length, mimeType: 'text/plain', text: responseText },
      redirectURL: '',
      headersSize: -1,
      bodySize: responseText.length,
    },
    cache: {},
    timings: { blocked: 1, dns: 2, connect: 3, send: 4, wait: 30, receive: 2.5 },
  };
}

export function writeHar(path: string, entries: number): void {
  writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [{ id: 'page_1', title: 'Workbook' }], entries: Array.from({ length: entries }, (_, i) => harEntry(i)) } }, null, 1));
}

/** A HAR of about `megabytes`, written entry by entry (each with a 20 KB response body). */
export async function writeLargeHar(path: string, megabytes: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"pages":[],"entries":[');
  let size = 0;
  let count = 0;
  const body = 'row,value\n'.repeat(2000);
  while (size < megabytes * 1024 * 1024 - 40_000) {
    const text = `${count ? ',' : ''}${JSON.stringify(harEntry(count, body))}`;
    if (!out.write(text)) await once(out, 'drain');
    size += text.length;
    count++;
  }
  out.end(']}}');
  await once(out, 'finish');
  return count;
}

/**
 * A HAR of one entry whose posted body is one string of about `megabytes`, ending in a JWT, on one
 * line: what no scrubber may hold whole, nor send on unscrubbed.
 */
export async function writeHarWithHugeBody(path: string, megabytes: number): Promise<void> {
  const out = createWriteStream(path);
  const exchange = harEntry(0) as { request: { postData: unknown } };
  exchange.request.postData = { mimeType: 'application/x-www-form-urlencoded', text: '@BODY@' };
  const entry = JSON.stringify(exchange);
  const [head, tail] = entry.split('@BODY@') as [string, string];
  out.write(`{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[${head}q=`);
  const piece = 'a'.repeat(1024 * 1024);
  for (let i = 0; i < megabytes; i++) if (!out.write(piece)) await once(out, 'drain');
  out.end(`&access_token=${JWT}${tail}]}}`);
  await once(out, 'finish');
}
