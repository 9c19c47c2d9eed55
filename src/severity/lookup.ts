/**
 * The portal's Severity field and form, discovered from ticket_fields and ticket_forms, and kept in
 * the cache folder for a few minutes per portal, so that repeated commands do not pay for it.
 */
import { join } from 'node:path';
import { readTextNow, writePrivateFile } from '../private-file.js';
import { defaultEndUserForm, discoverSeverity, SeverityFieldError, type SeverityMapping } from './field.js';
import { PortalError } from '../errors.js';
import type { PortalApi } from '../portal/portal-api.js';
import { newRequestPageUrl } from '../portal/portal-url.js';
import type { TicketForm } from '../portal/schemas.js';

export const DISCOVERY_TTL_MS = 5 * 60 * 1000;

/** What the lookup needs from the command: the clock, and the cache folder (see app-paths.ts). */
export interface LookupContext {
  now: () => Date;
  cacheDir: string;
}

function cachePath(cacheDir: string, portal: URL): string {
  return join(cacheDir, `severity-${portal.host.replace(/[^A-Za-z0-9.-]/g, '_')}.json`);
}

// Read at once, as the config folder's files are (private-file.ts): node:fs/promises (with readline,
// fs/dir and the watchers it loads) is loaded only to write, which `requests list` and `view` with a
// fresh cache never do.
function readCache(cacheDir: string, portal: URL, now: Date): SeverityMapping | undefined {
  try {
    const cached = JSON.parse(readTextNow(cachePath(cacheDir, portal))) as { savedAt: number; portal: string; mapping: SeverityMapping };
    if (cached.portal !== portal.origin || now.getTime() - cached.savedAt > DISCOVERY_TTL_MS || cached.savedAt > now.getTime()) return undefined;
    return cached.mapping;
  } catch {
    return undefined;
  }
}

async function writeCache(cacheDir: string, portal: URL, now: Date, mapping: SeverityMapping): Promise<void> {
  try {
    await writePrivateFile(cacheDir, cachePath(cacheDir, portal), JSON.stringify({ savedAt: now.getTime(), portal: portal.origin, mapping }));
  } catch {
    // a cache that cannot be written only costs the next command two calls
  }
}

/**
 * The portal's ticket forms; none when the endpoint answers 403 or 404, as it does on plans without
 * forms (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/).
 */
export async function formsOrNone(api: PortalApi): Promise<TicketForm[]> {
  try {
    return await api.ticketForms();
  } catch (error) {
    if (error instanceof PortalError && (error.status === 403 || error.status === 404)) return [];
    throw error;
  }
}

/**
 * The Severity mapping for this portal: from the config's override when set, else from the cache
 * when fresh, else discovered (and cached).
 */
export async function severityMapping(api: PortalApi, ctx: LookupContext, override?: Pick<SeverityMapping, 'fieldId' | 'tags'>): Promise<SeverityMapping> {
  const cached = readCache(ctx.cacheDir, api.portal, ctx.now());
  if (override) {
    // The override may name a drop-down or the system Priority field: the field's type tells which,
    // and the cached discovery when it found the same field. Fields that cannot be read are never
    // taken for a drop-down: a Severity sent in the wrong field would be lost (and an S0 page no one).
    const known = cached?.fieldId === override.fieldId ? (cached.kind ?? 'custom') : undefined;
    const [fields, forms] = await Promise.all([known ? Promise.resolve(undefined) : api.ticketFields(), cached ? Promise.resolve(undefined) : formsOrNone(api)]);
    const formId = cached ? cached.formId : defaultEndUserForm(forms ?? [])?.id;
    const kind = known ?? (fields?.find((f) => f.id === override.fieldId)?.type === 'priority' ? 'priority' : 'custom');
    return { ...override, fieldTitle: 'Severity', formId, kind };
  }
  return cached ?? rediscoverSeverity(api, ctx);
}

/** The Severity mapping discovered afresh (the cache is not read, and is rewritten). */
export async function rediscoverSeverity(api: PortalApi, ctx: LookupContext): Promise<SeverityMapping> {
  const [fields, forms] = await Promise.all([api.ticketFields(), formsOrNone(api)]);
  let mapping: SeverityMapping;
  try {
    mapping = discoverSeverity(fields, forms);
  } catch (error) {
    if (error instanceof SeverityFieldError) {
      throw new PortalError(`cannot file requests through ${api.portal.host}: ${error.message}`, undefined, `Check the portal URL, or file on the web: ${newRequestPageUrl(api.portal)}`);
    }
    throw error;
  }
  await writeCache(ctx.cacheDir, api.portal, ctx.now(), mapping);
  return mapping;
}
