/**
 * Scrubs one entry of a HAR file (http://www.softwareishard.com/blog/har-12-spec/, "entries"):
 * cookies, credential headers, secret query parameters, secret fields of posted and returned bodies,
 * and tokens found in any of them. Keeps the structure, the URLs (without their secret parameters)
 * and the timings. Values are replaced in place; counts go to `removed`.
 */
import { isSecretName, looksLikeToken, redactTokens, REMOVED, secretHeaderKind, type SecretKind } from './secret-patterns.js';

export type ScrubCounts = Partial<Record<SecretKind, number>>;

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function add(counts: ScrubCounts, kind: SecretKind, n = 1): void {
  if (n > 0) counts[kind] = (counts[kind] ?? 0) + n;
}

/** Free text: tokens replaced. */
function scrubText(value: string, counts: ScrubCounts): string {
  const { text, count } = redactTokens(value);
  add(counts, 'token in text', count);
  return text;
}

/** `a=1&b=2` without its secret pairs (by name, or by a token-shaped value). */
function scrubPairs(text: string, counts: ScrubCounts): string {
  const kept: string[] = [];
  for (const pair of text.split('&')) {
    const name = safeDecode(pair.split('=')[0] ?? '');
    const value = safeDecode(pair.slice(pair.indexOf('=') + 1));
    if (pair.includes('=') && (isSecretName(name) || looksLikeToken(value))) add(counts, 'query parameter');
    else kept.push(pair);
  }
  return kept.join('&');
}

/**
 * A URL without its secret query parameters, nor secret pairs in its fragment (where OAuth's implicit
 * flow puts access_token: https://www.rfc-editor.org/rfc/rfc6749#section-4.2.2).
 */
export function scrubUrl(url: string, counts: ScrubCounts): string {
  const hashAt = url.indexOf('#');
  const [beforeHash, fragment] = hashAt < 0 ? [url, undefined] : [url.slice(0, hashAt), url.slice(hashAt + 1)];
  const question = beforeHash.indexOf('?');
  const base = scrubText(question < 0 ? beforeHash : beforeHash.slice(0, question), counts);
  const query = question < 0 ? '' : scrubPairs(beforeHash.slice(question + 1), counts);
  const hash = fragment === undefined ? '' : fragment.includes('=') ? scrubPairs(fragment, counts) : scrubText(fragment, counts);
  return `${base}${query ? `?${query}` : ''}${fragment !== undefined && hash ? `#${hash}` : ''}`;
}

/** A URL within free text (a stack trace, a comment): up to the first character URLs do not hold unescaped. */
const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>()\\^`{|}]+/gi;

/**
 * Any other string in an entry (Chrome's _initiator stack frames, comment, pageref, custom fields):
 * URLs in it without their secret parameters, and tokens in it replaced. Returned as it is (the same
 * string) when nothing was found, so the file is left byte for byte.
 */
export function scrubString(value: string, counts: ScrubCounts): string {
  const found: ScrubCounts = {};
  const urls = value.replace(URL_IN_TEXT, (url) => {
    const inUrl: ScrubCounts = {};
    const scrubbed = scrubUrl(url, inUrl);
    // scrubUrl also drops an empty query or fragment: keep the URL unless a secret was in it
    if (Object.keys(inUrl).length === 0) return url;
    for (const [kind, n] of Object.entries(inUrl) as Array<[SecretKind, number]>) add(found, kind, n);
    return scrubbed;
  });
  const text = scrubText(urls, found);
  if (Object.keys(found).length === 0) return value;
  for (const [kind, n] of Object.entries(found) as Array<[SecretKind, number]>) add(counts, kind, n);
  return text;
}

/** Headers whose values are URLs. */
const URL_HEADERS = new Set(['referer', 'location', 'content-location', 'origin']);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** A name/value list (headers): credential headers' values replaced, tokens in others too. */
function scrubHeaders(list: Json, counts: ScrubCounts): void {
  if (!Array.isArray(list)) return;
  for (const h of list) {
    if (!isObj(h) || typeof h.value !== 'string') continue;
    const kind = typeof h.name === 'string' ? secretHeaderKind(h.name) : undefined;
    if (kind) {
      if (h.value !== REMOVED) add(counts, kind);
      h.value = REMOVED;
    } else if (typeof h.name === 'string' && URL_HEADERS.has(h.name.toLowerCase())) h.value = scrubUrl(h.value, counts);
    else h.value = scrubText(h.value, counts);
  }
}

/** A name/value list of parameters: secret ones dropped. */
function scrubParams(list: Json, counts: ScrubCounts, kind: SecretKind): Json {
  if (!Array.isArray(list)) return list;
  return list.filter((p) => {
    if (!isObj(p)) return true;
    const secret = (typeof p.name === 'string' && isSecretName(p.name)) || (typeof p.value === 'string' && looksLikeToken(p.value));
    if (secret) add(counts, kind);
    return !secret;
  });
}

/** A parsed JSON body: values under secret names replaced, strings as scrubString does. */
function scrubJsonValue(value: Json, counts: ScrubCounts): Json {
  if (typeof value === 'string') return scrubString(value, counts);
  if (Array.isArray(value)) return value.map((v) => scrubJsonValue(v, counts));
  if (!isObj(value)) return value;
  for (const [k, v] of Object.entries(value)) {
    if (isSecretName(k) && (typeof v === 'string' || typeof v === 'number') && v !== REMOVED) {
      add(counts, 'body field');
      value[k] = REMOVED;
    } else value[k] = scrubJsonValue(v, counts);
  }
  return value;
}

/** A body as text, read by its MIME type: form fields, JSON, or free text. */
export function scrubBody(text: string, mimeType: string, counts: ScrubCounts): string {
  const mime = mimeType.toLowerCase();
  if (mime.includes('application/x-www-form-urlencoded')) {
    const kept: string[] = [];
    for (const pair of text.split('&')) {
      const name = safeDecode(pair.split('=')[0] ?? '');
      const value = safeDecode(pair.slice(pair.indexOf('=') + 1));
      if (isSecretName(name) || looksLikeToken(value)) add(counts, 'body field');
      else kept.push(pair);
    }
    return kept.join('&');
  }
  if (mime.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      return JSON.stringify(scrubJsonValue(JSON.parse(text), counts));
    } catch {
      // not JSON after all: free text
    }
  }
  return scrubText(text, counts);
}

/** The members of a request or response that can hold secrets; the rest is kept as it is. */
export const REQUEST_FIELDS = new Set(['headers', 'cookies', 'url', 'queryString', 'postData']);
export const RESPONSE_FIELDS = new Set(['headers', 'cookies', 'redirectURL', 'content']);

/**
 * Every string left in a value (header names, the `comment` of a header, parameter or body, custom
 * members) checked as scrubString does; a base64 content text is left alone (rewriting it would
 * corrupt the bytes it encodes).
 */
function scrubStringsIn(value: Json, counts: ScrubCounts): Json {
  if (typeof value === 'string') return scrubString(value, counts);
  if (Array.isArray(value)) return value.map((v) => scrubStringsIn(v, counts));
  if (!isObj(value)) return value;
  for (const [k, v] of Object.entries(value)) {
    if (!(k === 'text' && value.encoding === 'base64')) value[k] = scrubStringsIn(v, counts);
  }
  return value;
}

/** One member of a request (`isRequest`) or response, scrubbed: the value to keep in its place. */
export function scrubMessageField(name: string, value: Json, counts: ScrubCounts, isRequest: boolean): Json {
  return scrubStringsIn(scrubFieldByKind(name, value, counts, isRequest), counts);
}

function scrubFieldByKind(name: string, value: Json, counts: ScrubCounts, isRequest: boolean): Json {
  if (name === 'headers') scrubHeaders(value, counts);
  else if (name === 'cookies') {
    if (!Array.isArray(value)) return value;
    add(counts, 'cookie', value.length);
    return [];
  } else if (isRequest) {
    if (name === 'url' && typeof value === 'string') return scrubUrl(value, counts);
    if (name === 'queryString' && Array.isArray(value)) return scrubParams(value, {}, 'query parameter');
    if (name === 'postData' && isObj(value)) {
      if (Array.isArray(value.params)) value.params = scrubParams(value.params, typeof value.text === 'string' ? {} : counts, 'body field');
      if (typeof value.text === 'string') value.text = scrubBody(value.text, typeof value.mimeType === 'string' ? value.mimeType : '', counts);
    }
  } else {
    if (name === 'redirectURL' && typeof value === 'string') return scrubUrl(value, counts);
    if (name === 'content' && isObj(value) && typeof value.text === 'string' && value.encoding !== 'base64') {
      value.text = scrubBody(value.text, typeof value.mimeType === 'string' ? value.mimeType : '', counts);
    }
  }
  return value;
}

function scrubMessage(message: Json, counts: ScrubCounts, isRequest: boolean): void {
  if (!isObj(message)) return;
  for (const name of isRequest ? REQUEST_FIELDS : RESPONSE_FIELDS) {
    if (name in message) message[name] = scrubMessageField(name, message[name], counts, isRequest);
  }
}

/** Scrubs one entry in place. */
export function scrubEntry(entry: Json, counts: ScrubCounts): Json {
  if (!isObj(entry)) return entry;
  scrubMessage(entry.request, counts, true);
  scrubMessage(entry.response, counts, false);
  return entry;
}

/** Anything else in the file (pages, creator, comments): values under secret names removed, strings as scrubString does. */
export function scrubOther(value: Json, counts: ScrubCounts): Json {
  return scrubJsonValue(value, counts);
}
