import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { describeProxy, proxyFor, type ProxyChoice } from './proxy-env.js';

/**
 * The doctor's HTTP client: one GET with a hard deadline, whose failures come back classified by the
 * stage that failed (DNS, connection, proxy, TLS, timeout) rather than as one opaque "fetch failed".
 * It opens the connection itself (directly, or through an HTTP CONNECT tunnel when HTTPS_PROXY says
 * so) because telling a corporate proxy problem from TLS inspection from a dead network is the whole
 * point of the API check. It trusts the extra CA bundle named by CODEX_CA_CERTIFICATE or SSL_CERT_FILE,
 * as Codex does, so that once a participant applies the TLS fix the doctor agrees.
 */
export type HttpFailureKind = 'dns' | 'refused' | 'unreachable' | 'timeout' | 'tls' | 'reset' | 'proxy' | 'unsupported' | 'other';

export interface HttpResponse {
  kind: 'response';
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  viaProxy?: string;
}

export interface HttpFailure {
  kind: 'failure';
  failure: HttpFailureKind;
  /** Node's error code (ENOTFOUND, ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN…) when there is one. */
  errorCode?: string;
  message: string;
  /** The proxy the request went through (credentials removed), and the variable that named it. */
  viaProxy?: string;
  proxyVariable?: string;
  /** The proxy's answer to CONNECT when it refused to open the tunnel (407, 403…). */
  proxyStatus?: number;
}

export type HttpOutcome = HttpResponse | HttpFailure;

export interface HttpRequestOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
}

export interface HttpClient {
  get(url: string, options: HttpRequestOptions): Promise<HttpOutcome>;
}

const MAX_BODY_BYTES = 64 * 1024;

const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

export function classifyNetworkError(code: string | undefined): HttpFailureKind {
  if (!code) return 'other';
  if (DNS_CODES.has(code)) return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN') return 'unreachable';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (TLS_TRUST_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return 'tls';
  return 'other';
}

/** The extra CA bundle Codex would trust, read once; undefined when none is configured or readable. */
export function extraCaBundle(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.CODEX_CA_CERTIFICATE || env.SSL_CERT_FILE;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

class StageError extends Error {
  constructor(
    readonly failure: HttpFailureKind,
    message: string,
    readonly errorCode?: string,
    readonly proxyStatus?: number,
  ) {
    super(message);
  }
}

export function createHttpClient(env: NodeJS.ProcessEnv): HttpClient {
  const extraCa = extraCaBundle(env);
  const ca = extraCa ? [...tls.rootCertificates, extraCa] : undefined;
  return {
    get: (url, options) => getOnce(new URL(url), options, env, ca),
  };
}

async function getOnce(target: URL, options: HttpRequestOptions, env: NodeJS.ProcessEnv, ca: string[] | undefined): Promise<HttpOutcome> {
  const proxy = proxyFor(target, env);
  const viaProxy = proxy ? describeProxy(proxy.url) : undefined;
  const opened: Duplex[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stage: 'proxy' | 'target' = proxy ? 'proxy' : 'target';

  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StageError('timeout', `no answer within ${Math.round(options.timeoutMs / 100) / 10} s`, 'TIMEOUT')), options.timeoutMs);
  });

  const attempt = async (): Promise<HttpResponse> => {
    let socket: Duplex;
    if (proxy) {
      socket = await openTunnel(proxy, target, opened);
      stage = 'target';
      if (target.protocol === 'https:') socket = await startTls(socket, target, ca, opened);
    } else if (target.protocol === 'https:') {
      socket = await startTls(undefined, target, ca, opened);
    } else {
      socket = await connectPlain(target.hostname, portOf(target), opened);
    }
    return await sendGet(socket, target, options.headers ?? {});
  };

  try {
    const response = await Promise.race([attempt(), deadline]);
    return viaProxy ? { ...response, viaProxy } : response;
  } catch (error) {
    const failure = toFailure(error, stage);
    return {
      kind: 'failure',
      ...failure,
      ...(viaProxy ? { viaProxy, proxyVariable: proxy?.variable } : {}),
    };
  } finally {
    clearTimeout(timer);
    for (const socket of opened) socket.destroy();
  }
}

function toFailure(error: unknown, stage: 'proxy' | 'target'): Omit<HttpFailure, 'kind'> {
  if (error instanceof StageError) {
    // Anything that goes wrong before the tunnel is open is the proxy's fault, not the API's.
    const failure = stage === 'proxy' && error.failure !== 'unsupported' ? 'proxy' : error.failure;
    return { failure, message: error.message, errorCode: error.errorCode, proxyStatus: error.proxyStatus };
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const kind = classifyNetworkError(code);
  return { failure: stage === 'proxy' ? 'proxy' : kind, errorCode: code, message };
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function hostForSni(hostname: string): string | undefined {
  return net.isIP(hostname.replace(/^\[|\]$/g, '')) ? undefined : hostname;
}

function connectPlain(host: string, port: number, opened: Duplex[]): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    opened.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function startTls(over: Duplex | undefined, target: URL, ca: string[] | undefined, opened: Duplex[]): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({
      ...(over ? { socket: over } : { host, port: portOf(target) }),
      servername: hostForSni(host),
      ...(ca ? { ca } : {}),
      ALPNProtocols: ['http/1.1'],
    });
    opened.push(socket);
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function openTunnel(proxy: ProxyChoice, target: URL, opened: Duplex[]): Promise<Duplex> {
  if (proxy.url.protocol !== 'http:') {
    return Promise.reject(new StageError('unsupported', `${proxy.variable} uses ${proxy.url.protocol.replace(':', '')}, which this check cannot test`));
  }
  return new Promise((resolve, reject) => {
    const authority = `${target.hostname}:${portOf(target)}`;
    const headers: Record<string, string> = { host: authority };
    if (proxy.url.username) {
      const credentials = `${decodeURIComponent(proxy.url.username)}:${decodeURIComponent(proxy.url.password)}`;
      headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    const request = http.request({
      host: proxy.url.hostname,
      port: proxy.url.port ? Number(proxy.url.port) : 80,
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    });
    request.once('connect', (response, socket) => {
      opened.push(socket);
      if (response.statusCode === 200) resolve(socket);
      else reject(new StageError('proxy', `the proxy answered ${response.statusCode} ${response.statusMessage ?? ''}`.trim(), undefined, response.statusCode));
    });
    request.once('socket', (socket) => opened.push(socket));
    request.once('response', (response) => {
      // A proxy that answers CONNECT with an ordinary response did not open a tunnel.
      response.resume();
      reject(new StageError('proxy', `the proxy answered ${response.statusCode} to CONNECT`, undefined, response.statusCode));
    });
    request.once('error', reject);
    request.end();
  });
}

function sendGet(socket: Duplex, target: URL, headers: Record<string, string>): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: target.hostname,
      port: portOf(target),
      method: 'GET',
      path: `${target.pathname}${target.search}`,
      headers: { accept: 'application/json', 'user-agent': 'codex-workshop-doctor', host: target.host, ...headers },
      createConnection: () => socket as net.Socket,
    });
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      response.once('end', () =>
        resolve({
          kind: 'response',
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
        }),
      );
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end();
  });
}
