import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../src/doctor/http-client.js';
import { bypassesProxy, parseProxyUrl, proxyFor } from '../../src/doctor/proxy-env.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { makeSandbox } from './helpers/sandbox.js';

describe('network error codes', () => {
  it('are sorted into DNS, refused, timeout, TLS and the rest', () => {
    expect(['ENOTFOUND', 'EAI_AGAIN'].map(classifyNetworkError)).toEqual(['dns', 'dns']);
    expect(classifyNetworkError('ECONNREFUSED')).toBe('refused');
    expect(classifyNetworkError('ETIMEDOUT')).toBe('timeout');
    expect(classifyNetworkError('EHOSTUNREACH')).toBe('unreachable');
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
      expect(classifyNetworkError(code)).toBe('tls');
    }
    expect(classifyNetworkError('ECONNRESET')).toBe('reset');
    expect(classifyNetworkError(undefined)).toBe('other');
  });
});

describe('proxy variables', () => {
  it('follow Codex: HTTPS_PROXY before https_proxy before ALL_PROXY, NO_PROXY exempts hosts and domains', () => {
    const target = new URL('https://api.openai.com/v1/models');
    expect(proxyFor(target, { HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:2' })?.variable).toBe('HTTPS_PROXY');
    expect(proxyFor(target, { ALL_PROXY: 'proxy.corp:3128' })?.url.href).toBe('http://proxy.corp:3128/');
    expect(proxyFor(target, { HTTPS_PROXY: 'http://a:1', NO_PROXY: '.openai.com' })).toBeUndefined();
    expect(proxyFor(target, { HTTPS_PROXY: 'http://a:1', no_proxy: '*' })).toBeUndefined();
    expect(bypassesProxy('127.0.0.1', ['127.0.0.1:8080'])).toBe(true);
    expect(bypassesProxy('::1', ['::1'])).toBe(true);
    expect(bypassesProxy('api.openai.com', ['openai.co'])).toBe(false);
    expect(parseProxyUrl('not a url at all')).toBeUndefined();
  });
});

describe('api.key when the name lookup fails', () => {
  it('says the API host cannot be found (DNS), with a network fix', async () => {
    // A real DNS failure would need the network; the client's error code is what the check reads.
    const box = await makeSandbox();
    try {
      await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-proj-dnsTest0123456789abcdef' }));
      let out = '';
      await runDoctor(
        { json: true, only: ['api.key'] },
        {
          env: box.env,
          stdout: (t) => (out += t),
          stderr: () => undefined,
          context: { http: { get: async () => ({ kind: 'failure', failure: 'dns', errorCode: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.openai.com' }) } },
        },
      );
      const check = JSON.parse(out).checks[0];
      expect(check).toMatchObject({ status: 'fail', code: 'network_dns' });
      expect(check.summary).toContain('api.openai.com');
      expect(check.fix.text).toMatch(/internet connection/);
    } finally {
      await box.cleanup();
    }
  });
});
