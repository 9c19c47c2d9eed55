/**
 * Following a list endpoint's pages. A page's links (`links.next`, `next_page`) are data from the
 * portal: they are never requested as given. Only what they say about where the next page starts is
 * taken (the cursor `page[after]`, or the page number), and the next page is asked of the portal's
 * own origin and endpoint. Zendesk writes these links on the account's own zendesk.com host, which
 * may not be the portal's (https://developer.zendesk.com/api-reference/introduction/pagination/).
 */

/** The pagination parts of a list answer (schemas.ts). */
export interface PageLinks {
  next_page?: string | null | undefined;
  meta?: { has_more?: boolean | null | undefined; after_cursor?: string | null | undefined } | null | undefined;
  links?: { next?: string | null | undefined } | null | undefined;
}

/** The query to add for the next page; `end` after the last; `unusable` for a link that says nowhere. */
export type NextPage = Record<string, string> | 'end' | 'unusable';

/** A cursor is an opaque token: bounded, printable, one line. */
const CURSOR = /^[\x21-\x7e]{1,1024}$/;

function searchOf(link: string | null | undefined): URLSearchParams | undefined {
  if (typeof link !== 'string') return undefined;
  try {
    // any base will do: only the query is read, never the host or the path
    return new URL(link, 'https://portal.invalid/').searchParams;
  } catch {
    return undefined;
  }
}

/** Where the page after this one starts, from its cursor (`meta`, `links.next`) or its page number. */
export function nextPage(page: PageLinks, current: Record<string, string>): NextPage {
  if (page.meta?.has_more) {
    const cursor = page.meta.after_cursor ?? searchOf(page.links?.next)?.get('page[after]');
    return cursor && CURSOR.test(cursor) && cursor !== current['page[after]'] ? { 'page[after]': cursor } : 'unusable';
  }
  if (page.meta || !page.next_page) return 'end';
  const number = Number(searchOf(page.next_page)?.get('page'));
  // only forward: a link back to this page or an earlier one would go round forever
  return Number.isSafeInteger(number) && number > Number(current.page ?? 1) ? { page: String(number) } : 'unusable';
}

export interface PagesOptions {
  maxItems: number;
  maxPages: number;
  /** Told why a listing stopped before its end, in words for the user. */
  onStop?: ((reason: string) => void) | undefined;
}

/** Every item of a list, page after page, up to maxItems or maxPages. */
export async function allPages<T>(fetchPage: (query: Record<string, string>) => Promise<{ items: readonly T[]; links: PageLinks }>, o: PagesOptions): Promise<T[]> {
  const items: T[] = [];
  let query: Record<string, string> = {};
  for (let page = 1; ; page++) {
    const result = await fetchPage(query);
    // one at a time: spreading a page of a million items into push() overflows the stack
    for (const item of result.items) items.push(item);
    if (items.length >= o.maxItems) return items.slice(0, o.maxItems);
    const next = nextPage(result.links, query);
    if (next === 'end') return items;
    if (next === 'unusable') {
      o.onStop?.(`the portal's link to the next page carries no page number or cursor, so the list ends here (${items.length} shown)`);
      return items;
    }
    if (page >= o.maxPages) {
      o.onStop?.(`the list stops after ${o.maxPages} pages (${items.length} shown)`);
      return items;
    }
    query = next;
  }
}
