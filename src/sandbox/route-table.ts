/**
 * The sandbox's routes: a method and a path (exact, or a pattern whose groups become the
 * parameters) to a handler. The path is matched as the dispatcher normalises it: no trailing
 * slash, no `.json`.
 */
import type { Answer } from './http-answer.js';

export interface Route<C> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string | RegExp;
  /** The call stores something (a request, a reply): a `stored-*` fault answers in its place once the work is done. */
  stores?: boolean;
  handle(call: C, params: ReadonlyArray<string | undefined>): Answer | Promise<Answer>;
}

export interface RouteMatch<C> {
  route: Route<C>;
  params: Array<string | undefined>;
}

/** The first route for this method and path. */
export function findRoute<C>(routes: ReadonlyArray<Route<C>>, method: string, path: string): RouteMatch<C> | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    if (typeof route.path === 'string') {
      if (route.path === path) return { route, params: [] };
      continue;
    }
    const m = route.path.exec(path);
    if (m) return { route, params: m.slice(1) };
  }
  return undefined;
}
