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

/**
 * The kinds of secret a file handed to others (a published skill) must not hold. Each pattern is
 * the secret's documented shape; the generic ones (`sk-…`, our `ws?_…` tokens, Slack's) also need
 * what a random secret has and a placeholder lacks (digits and both cases of letters), so
 * `sk-your-key-here`, `sk-...` or `xoxb-your-token` in a README are not refused.
 */
export const SECRET_KINDS = ['openai-key', 'openai-admin-key', 'workshop-token', 'aws-access-key', 'aws-secret-key', 'github-token', 'slack-token', 'google-api-key', 'private-key'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface SecretFinding {
  kind: SecretKind;
  /** 1-based line of the text. */
  line: number;
}

const looksRandom = (body: string) => /[0-9]/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body);

const SECRET_PATTERNS: Array<{ kind: SecretKind; pattern: RegExp; body?: (match: RegExpExecArray) => boolean }> = [
  { kind: 'openai-admin-key', pattern: /\bsk-admin-([A-Za-z0-9_-]{20,})/g, body: (m) => looksRandom(m[1]) },
  { kind: 'openai-key', pattern: /\bsk-(?!admin-)(?:proj-|svcacct-|None-)?([A-Za-z0-9_-]{20,})/g, body: (m) => looksRandom(m[1]) },
  { kind: 'workshop-token', pattern: /\bws[tfp]_([A-Za-z0-9_-]{20,})/g, body: (m) => looksRandom(m[1]) },
  // AWS's own documentation example (AKIAIOSFODNN7EXAMPLE) is a placeholder.
  { kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA)([0-9A-Z]{16})\b/g, body: (m) => !m[1].endsWith('EXAMPLE') },
  { kind: 'aws-secret-key', pattern: /aws_secret_access_key\s*[=:]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi, body: (m) => looksRandom(m[1]) && !m[1].includes('EXAMPLEKEY') },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_([A-Za-z0-9]{36,})|github_pat_([A-Za-z0-9_]{22,}))/g, body: (m) => looksRandom(m[1] ?? m[2]) },
  { kind: 'slack-token', pattern: /\bxox[abposr]-([A-Za-z0-9-]{10,})/g, body: (m) => /[0-9]{6,}/.test(m[1]) },
  { kind: 'google-api-key', pattern: /\bAIza([0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, body: (m) => looksRandom(m[1]) },
  { kind: 'private-key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
];

/**
 * Where `text` holds something shaped like a secret: its kind and line, never the secret itself
 * (a refusal that quoted the key would leak it into a terminal, a log or a screenshot).
 * One finding per kind and line, in order of lines.
 */
export function scanForSecrets(text: string): SecretFinding[] {
  const found = new Map<string, SecretFinding>();
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (index: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const { kind, pattern, body } of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (body && !body(m)) continue;
      const line = lineOf(m.index);
      found.set(`${line}:${kind}`, { kind, line });
    }
  }
  return [...found.values()].sort((a, b) => a.line - b.line || SECRET_KINDS.indexOf(a.kind) - SECRET_KINDS.indexOf(b.kind));
}
