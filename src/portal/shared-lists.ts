/**
 * One submit reads the ticket fields and forms for two things (the Severity field, and the rest of
 * the form): this lets both share one call of each, failure included, so retries are not doubled.
 */
import type { PortalApi } from './portal-api.js';

export function sharingFormLists(api: PortalApi): PortalApi {
  let fields: ReturnType<PortalApi['ticketFields']> | undefined;
  let forms: ReturnType<PortalApi['ticketForms']> | undefined;
  return new Proxy(api, {
    get(target, prop) {
      if (prop === 'ticketFields') return () => (fields ??= target.ticketFields());
      if (prop === 'ticketForms') return () => (forms ??= target.ticketForms());
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
