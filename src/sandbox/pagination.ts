/**
 * Zendesk's two ways of paging a list (https://developer.zendesk.com/api-reference/introduction/pagination/):
 * cursor pages with page[size] (at most 100) and page[after]; offset pages (per_page, page) otherwise.
 */
import { badRequest } from './http-answer.js';

/** One page of `items` under `key`, with the links to the next, as the call's URL asks. */
export function paginate(url: URL, items: unknown[], key: string): unknown {
  const params = url.searchParams;
  const sizeParam = params.get('page[size]');
  if (sizeParam !== null) {
    const size = Number(sizeParam);
    if (!Number.isInteger(size) || size < 1 || size > 100) throw badRequest('page[size] must be between 1 and 100');
    const after = params.get('page[after]');
    const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) throw badRequest('page[after] is not a valid cursor');
    const page = items.slice(start, start + size);
    const hasMore = start + size < items.length;
    const afterCursor = page.length ? Buffer.from(String(start + page.length)).toString('base64url') : null;
    const next = new URL(url);
    if (afterCursor) next.searchParams.set('page[after]', afterCursor);
    return {
      [key]: page,
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: start > 0 ? Buffer.from(String(start)).toString('base64url') : null },
      links: { next: hasMore ? next.toString() : null, prev: null },
    };
  }
  const perPage = Math.min(100, Math.max(1, Number(params.get('per_page') ?? 100) || 100));
  const pageNo = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const next = new URL(url);
  next.searchParams.set('page', String(pageNo + 1));
  return { [key]: page, next_page: pageNo * perPage < items.length ? next.toString() : null, previous_page: null, count: items.length };
}
