/**
 * Hand-written checks of the answers that come in hundreds: pages of requests. zod's loose objects
 * copy every key of every item, about 50 µs a request, which was most of `requests list --limit
 * 1000`. Each check here accepts exactly what its schema in schemas.ts accepts (test/unit/
 * fast-shapes.test.ts holds them to that), and its answer is the value as parsed, as the schema's
 * would be (a loose object keeps the keys it does not know). What a check refuses goes to the
 * schema, which decides, and words the problem.
 */
import type * as z from '../zod.js';

// An own "__proto__" key (JSON.parse makes one from the text) is left to zod, which drops it.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.hasOwn(v, '__proto__');
const nullish = (v: unknown, check: (v: unknown) => boolean) => v === undefined || v === null || check(v);
const isString = (v: unknown) => typeof v === 'string';
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isId = (v: unknown) => Number.isSafeInteger(v);
const arrayOf = (check: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(check);

// made once, not per request checked: a page of 100 requests would make each of them 100 times
const isCustomField = (f: unknown) => isObject(f) && isId(f.id) && Object.hasOwn(f, 'value');
const isCustomFields = arrayOf(isCustomField);
const isIds = arrayOf(isId);

/** What schemas.ts's portalRequestSchema accepts. */
export function isPortalRequest(v: unknown): boolean {
  return (
    isObject(v) &&
    isId(v.id) &&
    nullish(v.url, isString) &&
    nullish(v.subject, isString) &&
    nullish(v.description, isString) &&
    nullish(v.status, isString) &&
    nullish(v.custom_fields, isCustomFields) &&
    nullish(v.email_cc_ids, isIds) &&
    nullish(v.can_be_solved_by_me, isBoolean) &&
    nullish(v.created_at, isString) &&
    nullish(v.updated_at, isString)
  );
}

/** What a page schema (schemas.ts's pageSchema) accepts, with items checked by `item`. */
export function isPage(key: string, item: (v: unknown) => boolean): (v: unknown) => boolean {
  return (v) =>
    isObject(v) &&
    nullish(v.next_page, isString) &&
    nullish(v.meta, (m) => isObject(m) && nullish(m.has_more, isBoolean) && nullish(m.after_cursor, isString)) &&
    nullish(v.links, (l) => isObject(l) && nullish(l.next, isString)) &&
    Array.isArray(v[key]) &&
    (v[key] as unknown[]).every(item);
}

/**
 * The schema `build` makes, with `accepts` tried first: what it accepts is the answer as parsed, with
 * no copy made; anything else is parsed by the schema, whose result (and wording of a problem) is the
 * one used. The schema is built only then: a listing whose pages all pass the check never builds it
 * (building zod's objects for a page of requests stood before the first request was sent).
 */
export function withFastPath<S extends z.ZodMiniType>(build: () => S, accepts: (v: unknown) => boolean): S {
  let schema: S | undefined;
  const built = () => (schema ??= build());
  const safeParse = (data: unknown, params?: Parameters<S['safeParse']>[1]) => (accepts(data) ? { success: true, data } : built().safeParse(data, params));
  // anything else asked of it is the schema's own
  return new Proxy({ safeParse } as unknown as S, { get: (_target, key) => (key === 'safeParse' ? safeParse : Reflect.get(built(), key)) });
}
