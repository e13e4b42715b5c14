import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * An API key. It can only be rendered as a hint (`sk-…abcd`) or a fingerprint (the first 12 hex
 * digits of its SHA-256); the full text is reachable only through `revealForRequest()`, which exists
 * for building an Authorization header and nothing else. String conversion, JSON and util.inspect all
 * give the hint, so a key that slips into a log line or a report is still not leaked.
 */
export class ApiKey {
  readonly #value: string;
  readonly hint: string;
  readonly fingerprint: string;

  constructor(value: string) {
    this.#value = value;
    this.hint = keyHint(value);
    this.fingerprint = createHash('sha256').update(value).digest('hex').slice(0, 12);
  }

  /** Only for the Authorization header of a request to the API the key belongs to. */
  revealForRequest(): string {
    return this.#value;
  }

  /** Removes the key's full text (and any trimmed variant) from text that came from elsewhere. */
  redact(text: string): string {
    return redactKnown(text, [this.#value]);
  }

  toString(): string {
    return this.hint;
  }

  toJSON(): string {
    return this.hint;
  }

  [inspect.custom](): string {
    return `ApiKey(${this.hint})`;
  }
}

export function keyHint(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 12) return '***';
  const prefix = trimmed.startsWith('sk-') ? 'sk-' : '';
  return `${prefix}…${trimmed.slice(-4)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function redactKnown(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const variant of new Set([secret, secret.trim(), secret.replace(/^["']|["']$/g, '')])) {
      if (variant.length >= 8) out = out.replace(new RegExp(escapeRegExp(variant), 'g'), keyHint(variant));
    }
  }
  return out;
}

/**
 * Anything that looks like an OpenAI secret key (`sk-…`, `sk-proj-…`, `sk-svcacct-…`, admin keys `sk-admin-…`) or a bearer
 * token is replaced by its hint. Applied to every text that came from another program (codex's error
 * messages echo a masked key today, but we do not rely on that) before it is shown, stored or sent.
 */
const KEY_PATTERN = /\bsk-[A-Za-z0-9_-]{12,}/g;
const BEARER_PATTERN = /(Bearer\s+)[A-Za-z0-9._~+/=-]{12,}/gi;
/** The kit's own tokens: programme server (`wst_`), hub facilitator (`wsf_`) and participant (`wsp_`). */
const WORKSHOP_TOKEN_PATTERN = /\b(ws[tfp]_)[A-Za-z0-9_-]{20,}/g;

export function redactSecrets(text: string, known: Array<ApiKey | string> = []): string {
  let out = text;
  const raw = known.map((k) => (k instanceof ApiKey ? k.revealForRequest() : k)).filter((k) => k.length > 0);
  if (raw.length > 0) out = redactKnown(out, raw);
  out = out.replace(KEY_PATTERN, (match) => keyHint(match));
  out = out.replace(BEARER_PATTERN, (_m, prefix: string) => `${prefix}***`);
  out = out.replace(WORKSHOP_TOKEN_PATTERN, (_m, prefix: string) => `${prefix}***`);
  return out;
}

/**
 * The keys that appear in `text`: any of the `known` ones, and anything shaped like an OpenAI secret
 * key. Returned as ApiKey objects, so a caller can only show their hints, never the keys themselves.
 */
export function findSecrets(text: string, known: Array<ApiKey | string> = []): ApiKey[] {
  const found = new Map<string, ApiKey>();
  for (const key of known) {
    const raw = (key instanceof ApiKey ? key.revealForRequest() : key).trim();
    if (raw.length >= 8 && text.includes(raw)) {
      const apiKey = key instanceof ApiKey ? key : new ApiKey(raw);
      found.set(apiKey.fingerprint, apiKey);
    }
  }
  for (const match of text.matchAll(KEY_PATTERN)) {
    const apiKey = new ApiKey(match[0]);
    // A known key already found by its full text is not counted again through its sk-… shape.
    if (![...found.values()].some((k) => k.revealForRequest().includes(match[0]))) found.set(apiKey.fingerprint, apiKey);
  }
  return [...found.values()];
}
