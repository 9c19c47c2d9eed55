/**
 * The sandbox's hostile answers, for rehearsing a portal that cannot be trusted (see faults.ts):
 * pagination links that point elsewhere, answers too large or never ending, answers that drip, and
 * a page of a million items. Real Zendesk writes its links on the account's own zendesk.com host
 * (https://developer.zendesk.com/api-reference/introduction/pagination/), which is the shape
 * `link-zendesk` gives.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Faults that change the pagination links of a list answer. */
export const LINK_FAULTS = ['link-elsewhere', 'link-double-slash', 'link-backslash', 'link-zendesk', 'link-no-cursor'] as const;
export type LinkFault = (typeof LINK_FAULTS)[number];

/** Faults that replace the answer with one the client must bound. */
export const BODY_FAULTS = ['huge', 'endless', 'drip', 'many-items', 'dense'] as const;
export type BodyFault = (typeof BODY_FAULTS)[number];

/** The size `huge` declares and sends (when read): past anything a CLI should hold. */
export const HUGE_BYTES = 600 * 1024 * 1024;
/** How often `drip` sends its next byte. */
export const DRIP_INTERVAL_MS = 200;
const MANY_ITEMS = 1_000_000;
/** The size of `dense`: under any sensible size cap, yet millions of values once parsed. */
const DENSE_BYTES = 7 * 1024 * 1024;

export function isLinkFault(kind: string | undefined): kind is LinkFault {
  return (LINK_FAULTS as readonly string[]).includes(kind ?? '');
}

export function isBodyFault(kind: string | undefined): kind is BodyFault {
  return (BODY_FAULTS as readonly string[]).includes(kind ?? '');
}

/** The host the `zendesk` links name: an account's own host, not the mapped portal host. */
export const ZENDESK_ACCOUNT_ORIGIN = 'https://sigma-sandbox.zendesk.com';

function rewrite(link: string, kind: LinkFault, portal: URL, elsewhere: URL): string {
  const url = new URL(link, portal);
  const where = `${url.pathname}${url.search}`;
  switch (kind) {
    case 'link-elsewhere':
      return `${elsewhere.origin}${where}`;
    case 'link-double-slash':
      // the portal's own origin, but a path that names another host: `//host/...`
      return `${portal.origin}//${elsewhere.host}${where}`;
    case 'link-backslash':
      return `${portal.origin}/\\${elsewhere.host}${where}`;
    case 'link-zendesk':
      return `${ZENDESK_ACCOUNT_ORIGIN}${url.pathname}.json${url.search}`;
    case 'link-no-cursor': {
      url.searchParams.delete('page[after]');
      url.searchParams.delete('page');
      return url.toString();
    }
  }
}

/** A list answer with its next-page links rewritten the hostile way; other answers unchanged. */
export function rewriteLinks(body: unknown, kind: LinkFault, portal: URL, elsewhere: URL): unknown {
  if (!body || typeof body !== 'object') return body;
  const page = { ...(body as Record<string, unknown>) };
  if (typeof page.next_page === 'string') page.next_page = rewrite(page.next_page, kind, portal, elsewhere);
  const links = page.links as { next?: unknown } | undefined;
  if (links && typeof links.next === 'string') {
    page.links = { ...links, next: rewrite(links.next, kind, portal, elsewhere) };
    if (kind === 'link-no-cursor' && page.meta && typeof page.meta === 'object') page.meta = { ...page.meta, after_cursor: null };
  }
  return page;
}

/** Writes, then waits while the client is not reading (or until it has gone). */
async function write(res: ServerResponse, data: Buffer | string): Promise<void> {
  if (res.write(data) || res.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes `chunk` as fast as the client reads it, until `more` says stop or the client goes. */
async function stream(res: ServerResponse, chunk: Buffer, more: (sent: number) => boolean): Promise<void> {
  for (let sent = 0; !res.destroyed && more(sent); sent += chunk.length) await write(res, chunk);
}

/** The key a list answer of this path carries its items under. */
function listKey(path: string): string {
  if (path.endsWith('/ticket_fields')) return 'ticket_fields';
  if (path.endsWith('/ticket_forms')) return 'ticket_forms';
  if (path.endsWith('/comments')) return 'comments';
  return 'requests';
}

/**
 * Answers 200 with a body the client must not take whole: `huge` (declared and sent, 600 MB of
 * valid JSON), `endless` (chunked, never ends), `drip` (valid JSON, one byte at a time, never
 * done), `many-items` (a valid page of a million items), `dense` (7 MB of empty objects: small,
 * but over two million values once parsed).
 */
export async function serveHostileBody(req: IncomingMessage, res: ServerResponse, kind: BodyFault, path: string): Promise<void> {
  if (!req.readableEnded) req.resume();
  const key = listKey(path);
  const item = Buffer.from('{"id":1,"type":"text","subject":"x","title":"x"},'.repeat(1300));
  switch (kind) {
    case 'huge': {
      const head = Buffer.from(`{"${key}":[`);
      const tail = Buffer.from('{"id":1,"type":"text"}]}');
      const rounds = Math.floor((HUGE_BYTES - head.length - tail.length) / item.length);
      const filler = Buffer.from(' '.repeat(HUGE_BYTES - head.length - tail.length - rounds * item.length));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(HUGE_BYTES) });
      res.write(head);
      await stream(res, item, (sent) => sent < rounds * item.length);
      if (!res.destroyed) res.end(Buffer.concat([filler, tail]));
      return;
    }
    case 'endless':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.write(`{"${key}":[`);
      await stream(res, item, () => true);
      return;
    case 'drip': {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.write(`{"${key}":[],"padding":"`);
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => res.write(' '), DRIP_INTERVAL_MS);
        res.on('close', () => {
          clearInterval(timer);
          resolve();
        });
      });
      return;
    }
    case 'many-items': {
      const one = (i: number) => `${i ? ',' : ''}{"id":${i + 1}}`;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.write(`{"${key}":[`);
      for (let i = 0; i < MANY_ITEMS && !res.destroyed; ) {
        let text = '';
        for (const end = Math.min(MANY_ITEMS, i + 10_000); i < end; i++) text += one(i);
        await write(res, text);
      }
      if (!res.destroyed) res.end('],"meta":{"has_more":false},"links":{"next":null},"next_page":null}');
      return;
    }
    case 'dense': {
      const head = `{"${key}":[`;
      const tail = '{}],"next_page":null}';
      const body = `${head}${'{},'.repeat(Math.floor((DENSE_BYTES - head.length - tail.length) / 3))}${tail}`;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
  }
}
