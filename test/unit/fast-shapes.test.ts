// The hand-written checks of fast-shapes.ts accept exactly what their zod schemas accept, and what
// they accept is the same value the schema would give.
import { expect, it } from 'vitest';
import { isPage, isPortalRequest, withFastPath } from '../../src/portal/fast-shapes.js';
import { portalRequestSchema, requestsPageSchema } from '../../src/portal/schemas.js';
import * as z from '../../src/zod.js';

const VALUES: unknown[] = [[{ id: 1, value: 'a', __proto__x: 1 }], JSON.parse('[{"id":1,"value":"a","__proto__":{"polluted":1}}]'), JSON.parse('{"next":"n","__proto__":{}}'), undefined, null, '', 'x', 0, 1, -7, 1.5, 2 ** 53, -(2 ** 53), true, false, [], [1], [1.5], ['1'], [null], [{ id: 1 }], [{ id: 1, value: 'a' }], [{ id: 1, value: null }], [{}], [{ id: '1' }], [{ id: 1.5 }], [[]], {}, { id: 1 }, { has_more: true, after_cursor: 'c' }, { has_more: 'yes' }, { after_cursor: 1 }, { next: 'n' }, { next: 1 }];

const REQUEST = {
  url: 'https://example.zendesk.com/api/v2/requests/1.json',
  id: 1,
  status: 'new',
  priority: null,
  subject: 'Subject',
  description: 'Description',
  custom_fields: [{ id: 48151623420, value: 'sev_low' }, { id: 48151630000, value: null }],
  email_cc_ids: [],
  can_be_solved_by_me: false,
  created_at: '2026-11-29T00:30:28.956Z',
  updated_at: '2026-11-29T00:30:28.956Z',
  via: { channel: 'api' },
};
const REQUEST_KEYS = ['id', 'url', 'subject', 'description', 'status', 'custom_fields', 'email_cc_ids', 'can_be_solved_by_me', 'created_at', 'updated_at', 'priority', '__proto__'];

/** `base` with `key` set to each value (or left out), as JSON.parse would give it. */
function variants(base: Record<string, unknown>, keys: readonly string[]): unknown[] {
  return keys.flatMap((key) =>
    VALUES.map((value) => {
      const json = JSON.stringify(base).slice(0, -1);
      return JSON.parse(value === undefined ? JSON.stringify({ ...base, [key]: undefined }) : `${json},${JSON.stringify(key)}:${JSON.stringify(value)}}`);
    }),
  );
}

/**
 * What the check accepts, the schema accepts, as the same value. The check may leave more to the
 * schema than it refuses: only values with an own "__proto__" key somewhere (zod drops it from the
 * objects it checks).
 */
function agrees(check: (v: unknown) => boolean, schema: z.ZodMiniType, value: unknown): void {
  const parsed = schema.safeParse(value);
  const text = JSON.stringify(value);
  if (!text?.includes('"__proto__"')) expect(check(value), text).toBe(parsed.success);
  if (check(value)) {
    expect(parsed.success, text).toBe(true);
    expect(value).toEqual(parsed.data);
  }
}

it('a request: each field of each type, or missing, is accepted exactly when portalRequestSchema accepts it', () => {
  const items = [REQUEST, ...variants(REQUEST, REQUEST_KEYS), ...VALUES];
  for (const item of items) agrees(isPortalRequest, portalRequestSchema(), item);
  // the checks did see both outcomes
  expect(items.filter((i) => isPortalRequest(i)).length).toBeGreaterThan(20);
  expect(items.filter((i) => !isPortalRequest(i)).length).toBeGreaterThan(100);
});

it('a page of requests: the links, the list and the items in it, as requestsPageSchema (and its fast path) decides', () => {
  const plain = z.looseObject({
    next_page: z.nullish(z.string()),
    meta: z.nullish(z.looseObject({ has_more: z.nullish(z.boolean()), after_cursor: z.nullish(z.string()) })),
    links: z.nullish(z.looseObject({ next: z.nullish(z.string()) })),
    requests: z.array(portalRequestSchema()),
  });
  const page = { requests: [REQUEST, REQUEST], next_page: null, meta: { has_more: false }, links: { next: null }, count: 2 };
  const pages = [page, ...variants(page, ['next_page', 'meta', 'links', 'requests']), ...variants(REQUEST, REQUEST_KEYS).map((r) => ({ requests: [REQUEST, r] })), ...VALUES];
  const check = isPage('requests', isPortalRequest);
  for (const p of pages) {
    agrees(check, plain, p);
    // the exported schema answers as the plain one would, whichever path it takes
    const fast = requestsPageSchema().safeParse(p);
    const slow = plain.safeParse(p);
    expect(fast.success).toBe(slow.success);
    if (fast.success) expect(fast.data).toEqual(slow.data);
    else expect(fast.error?.issues).toEqual(slow.error?.issues);
  }
});

it('the schema behind a fast path is built only for an answer the check refuses', () => {
  let built = 0;
  const page = withFastPath(() => {
    built++;
    return z.looseObject({ requests: z.array(portalRequestSchema()) });
  }, isPage('requests', isPortalRequest));
  // every page of a listing that passes the check: zod's objects are never made
  expect(page.safeParse({ requests: [REQUEST, REQUEST] })).toEqual({ success: true, data: { requests: [REQUEST, REQUEST] } });
  expect(built).toBe(0);
  // one it refuses: the schema is made (once) and words the problem
  const refused = page.safeParse({ requests: [{ ...REQUEST, id: 'one' }] });
  expect(refused.success).toBe(false);
  expect(refused.error?.issues[0]?.path).toEqual(['requests', 0, 'id']);
  page.safeParse({ requests: 'none' });
  expect(built).toBe(1);
});
