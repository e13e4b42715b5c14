/**
 * How proxy environment variables are read. We follow the rules of the HTTP library inside Codex
 * (reqwest): for https URLs HTTPS_PROXY wins over https_proxy, then ALL_PROXY / all_proxy; NO_PROXY
 * (or no_proxy) lists hosts that go direct. Following the same rules is what makes the doctor's API
 * check say what Codex itself will experience.
 */
export interface ProxyChoice {
  /** The variable the proxy came from, e.g. "HTTPS_PROXY". */
  variable: string;
  url: URL;
}

const HTTPS_ORDER = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'];
const HTTP_ORDER = ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/** The first non-empty proxy variable for a scheme, even when it cannot be parsed. */
export function proxyVariableFor(env: NodeJS.ProcessEnv, scheme: 'https' | 'http'): { variable: string; value: string } | undefined {
  for (const variable of scheme === 'https' ? HTTPS_ORDER : HTTP_ORDER) {
    const value = env[variable]?.trim();
    if (value) return { variable, value };
  }
  return undefined;
}

/** Parses a proxy setting the way reqwest does: a bare `host:port` means http://host:port. */
export function parseProxyUrl(value: string): URL | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    if (!['http:', 'https:', 'socks5:', 'socks5h:'].includes(url.protocol) || !url.hostname) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

export function noProxyList(env: NodeJS.ProcessEnv): string[] {
  const raw = env.NO_PROXY ?? env.no_proxy ?? '';
  return raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
}

/** True when NO_PROXY sends this host straight to the network. */
export function bypassesProxy(hostname: string, noProxy: string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy.some((entry) => {
    if (entry === '*') return true;
    // "host:port" loses its port; a bare IPv6 address such as ::1 is left alone.
    const withoutPort = entry.split(':').length === 2 ? entry.replace(/:\d+$/, '') : entry.replace(/^\[|\](:\d+)?$/g, '');
    const bare = withoutPort.replace(/^\*?\./, '');
    return host === bare || host.endsWith(`.${bare}`);
  });
}

/** The proxy a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const found = proxyVariableFor(env, target.protocol === 'http:' ? 'http' : 'https');
  if (!found) return undefined;
  if (bypassesProxy(target.hostname, noProxyList(env))) return undefined;
  const url = parseProxyUrl(found.value);
  return url ? { variable: found.variable, url } : undefined;
}

/** A proxy URL safe to show: credentials removed. */
export function describeProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
