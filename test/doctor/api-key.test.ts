import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMPANY_CA, refusedPort, startApiMock, startConnectProxy, type ApiMock, type ApiMode } from './helpers/api-mock.js';
import { LOGGED_IN_KEY, VERSION_OK, writeFakeCodex } from './helpers/fake-codex.js';
import { doctorJson } from './helpers/run.js';
import { makeSandbox, type Sandbox } from './helpers/sandbox.js';

/** api.key against a local mock of the OpenAI API (plain HTTP and behind test certificates). */
const KEY = 'sk-proj-ApiKeyCheck0123456789abcdefghWXYZ';
let api: ApiMock;
let box: Sandbox;

beforeAll(async () => {
  api = await startApiMock();
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  box = await makeSandbox();
  await saveKey(KEY);
  api.setMode('ok');
  api.requests.length = 0;
});
afterEach(async () => {
  await box.cleanup();
});

async function saveKey(key: string): Promise<void> {
  await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: key }));
}

async function keyCheck(options: { apiBase?: string; timeout?: number; profile?: string } = {}, env: NodeJS.ProcessEnv = {}) {
  const run = await doctorJson(box, { only: ['api.key'], apiBase: options.apiBase ?? api.url, ...options }, env);
  return { ...run, result: run.check('api.key') };
}

async function answering(mode: ApiMode) {
  api.setMode(mode);
  return keyCheck();
}

describe('api.key: what the API answers', () => {
  it('never sends the key unencrypted to another machine: a plain-HTTP API base off this machine is not contacted', async () => {
    // 192.0.2.1 is TEST-NET-1: nothing answers there, and the check must not even try.
    const { result, code } = await keyCheck({ apiBase: 'http://192.0.2.1:8080/v1' });
    expect(result).toMatchObject({ status: 'warn', code: 'api_base_insecure' });
    expect(result.summary).toMatch(/plain HTTP/);
    expect(result.durationMs).toBeLessThan(1000);
    expect(api.requests).toEqual([]);
    expect(code).toBe(0);
  });

  it('accepts a key the API accepts, sending it only as a Bearer header to {base}/models', async () => {
    const { result, code } = await answering('ok');
    expect(result).toMatchObject({ status: 'ok', code: 'key_ok' });
    expect(result.summary).toContain('sk-…WXYZ');
    expect(api.requests).toEqual([{ method: 'GET', path: '/v1/models', authorization: `Bearer ${KEY}` }]);
    expect(code).toBe(0);
  });

  it('tells a participant with a wrong or revoked key to get a fresh one', async () => {
    const { result, code } = await answering('invalid_key');
    expect(result).toMatchObject({ status: 'fail', code: 'key_invalid' });
    expect(result.fix?.text).toMatch(/fresh key/);
    expect(code).toBe(1);
  });

  it('tells a participant whose key is outside the organisation (other 401) to ask the facilitator', async () => {
    expect((await answering('not_member')).result).toMatchObject({ status: 'fail', code: 'key_not_authorized' });
  });

  it('tells a participant in an unsupported region about the VPN', async () => {
    const { result } = await answering('region');
    expect(result).toMatchObject({ status: 'fail', code: 'key_region_unsupported' });
    expect(result.fix?.text).toMatch(/VPN/);
  });

  it('treats other 403s (IP not allowed) as a key not authorised here', async () => {
    expect((await answering('forbidden')).result).toMatchObject({ status: 'fail', code: 'key_not_authorized' });
  });

  it('tells a participant whose key ran out of credit to get credit added', async () => {
    const { result, code } = await answering('quota');
    expect(result).toMatchObject({ status: 'fail', code: 'key_no_quota' });
    expect(result.fix?.text).toMatch(/credit/);
    expect(code).toBe(1);
  });

  it('only warns when the key is rate limited (it works, the room is busy)', async () => {
    const { result, code } = await answering('rate');
    expect(result).toMatchObject({ status: 'warn', code: 'key_rate_limited' });
    expect(code).toBe(0);
  });

  it('recognises a captive portal page, a wrong base URL and an API outage', async () => {
    expect((await answering('html')).result.code).toBe('api_unexpected_response');
    expect((await answering('not_found')).result).toMatchObject({ status: 'fail', code: 'api_base_wrong' });
    expect((await answering('server_error')).result).toMatchObject({ status: 'warn', code: 'api_unavailable' });
  });
});

describe('api.key: when the request never gets an answer', () => {
  it('gives up on an API that never answers after the per-request timeout', async () => {
    api.setMode('hang');
    const started = performance.now();
    const { result } = await keyCheck({ timeout: 1 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 'fail', code: 'network_timeout' });
    expect(result.summary).toContain('within 1 s');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2500);
  });

  it('reports a refused connection', async () => {
    const port = await refusedPort();
    const { result } = await keyCheck({ apiBase: `http://127.0.0.1:${port}/v1` });
    expect(result).toMatchObject({ status: 'fail', code: 'network_refused' });
    expect(result.details?.join('\n')).toContain('ECONNREFUSED');
  });

  it('recognises a self-signed certificate as interception and says how to trust the company CA', async () => {
    const tlsApi = await startApiMock({ tls: 'self-signed' });
    try {
      const { result } = await keyCheck({ apiBase: tlsApi.url });
      expect(result).toMatchObject({ status: 'fail', code: 'tls_intercepted' });
      expect(result.details?.join('\n')).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(result.fix?.commands).toContain("export CODEX_CA_CERTIFICATE=/usr/local/share/ca-certificates/company-ca.pem");
      expect(tlsApi.requests).toHaveLength(0);
    } finally {
      await tlsApi.close();
    }
  });

  it('recognises a certificate re-signed by an untrusted company CA, and passes once CODEX_CA_CERTIFICATE trusts it', async () => {
    const tlsApi = await startApiMock({ tls: 'intercepted' });
    try {
      const untrusted = await keyCheck({ apiBase: tlsApi.url });
      expect(untrusted.result).toMatchObject({ status: 'fail', code: 'tls_intercepted' });
      expect(untrusted.result.details?.join('\n')).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
      const trusted = await keyCheck({ apiBase: tlsApi.url }, { CODEX_CA_CERTIFICATE: COMPANY_CA });
      expect(trusted.result).toMatchObject({ status: 'ok', code: 'key_ok' });
      const viaSslCertFile = await keyCheck({ apiBase: tlsApi.url }, { SSL_CERT_FILE: COMPANY_CA });
      expect(viaSslCertFile.result.code).toBe('key_ok');
    } finally {
      await tlsApi.close();
    }
  });
});

describe('api.key: proxies', () => {
  it('goes through the proxy named by HTTPS_PROXY', async () => {
    const proxy = await startConnectProxy();
    try {
      const { result } = await keyCheck({}, { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
      expect(result).toMatchObject({ status: 'ok', code: 'key_ok' });
      expect(proxy.tunnels).toEqual([`127.0.0.1:${api.port}`]);
      expect(result.details?.join('\n')).toContain(`through the proxy ${proxy.url}`);
    } finally {
      await proxy.close();
    }
  });

  it('blames the proxy, not the API, when the proxy cannot be reached', async () => {
    const port = await refusedPort();
    const { result } = await keyCheck({}, { HTTP_PROXY: `http://127.0.0.1:${port}`, HTTPS_PROXY: `http://127.0.0.1:${port}` });
    expect(result).toMatchObject({ status: 'fail', code: 'proxy_mismatch' });
    expect(result.summary).toContain(`127.0.0.1:${port}`);
    expect(api.requests).toHaveLength(0);
  });

  it('says when the proxy wants credentials, and passes when they are given', async () => {
    const proxy = await startConnectProxy({ requireAuth: 'ana:s3cret' });
    try {
      const refused = await keyCheck({}, { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
      expect(refused.result).toMatchObject({ status: 'fail', code: 'proxy_mismatch' });
      expect(refused.result.summary).toContain('407');
      expect(refused.result.fix?.commands?.join('\n')).toContain('http://user:password@proxy.example.com:8080');
      const withCredentials = proxy.url.replace('http://', 'http://ana:s3cret@');
      const ok = await keyCheck({}, { HTTP_PROXY: withCredentials, HTTPS_PROXY: withCredentials });
      expect(ok.result.code).toBe('key_ok');
      // The proxy password is never shown.
      expect(JSON.stringify(ok.json)).not.toContain('s3cret');
    } finally {
      await proxy.close();
    }
  });

  it('goes direct for hosts listed in NO_PROXY', async () => {
    const port = await refusedPort();
    const { result } = await keyCheck({}, { HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: 'localhost,127.0.0.1' });
    expect(result.code).toBe('key_ok');
  });
});

describe('api.key: which key and which API', () => {
  it('tests CODEX_API_KEY, which Codex sends before the saved key', async () => {
    const envKey = 'sk-proj-FromTheEnvironment0123456789abcd';
    const { result } = await keyCheck({}, { CODEX_API_KEY: envKey });
    expect(result.code).toBe('key_ok');
    expect(api.requests[0]?.authorization).toBe(`Bearer ${envKey}`);
    expect(result.details?.join('\n')).toContain('from CODEX_API_KEY');
  });

  it('never tests OPENAI_API_KEY alone, because Codex does not send it', async () => {
    await fs.rm(path.join(box.codexHome, 'auth.json'));
    const { result } = await keyCheck({}, { OPENAI_API_KEY: KEY });
    expect(result).toMatchObject({ status: 'skip', code: 'no_api_key' });
    expect(api.requests).toHaveLength(0);
  });

  it('skips with the reason when Codex keeps the key in the system keyring', async () => {
    await fs.rm(path.join(box.codexHome, 'auth.json'));
    await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: LOGGED_IN_KEY });
    const { result } = await keyCheck();
    expect(result).toMatchObject({ status: 'skip', code: 'key_in_keyring' });
    expect(result.summary).toMatch(/keyring/);
  });

  it('skips for a ChatGPT sign-in (there is no key)', async () => {
    await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: 'x' } }));
    expect((await keyCheck()).result).toMatchObject({ status: 'skip', code: 'no_api_key' });
  });

  it('takes the API base from --api-base, then the profile, then openai_base_url in config.toml', async () => {
    const other = await startApiMock();
    try {
      await fs.writeFile(path.join(box.codexHome, 'config.toml'), `model = "gpt-5"\nopenai_base_url = "${api.url}"\n`);
      const fromConfig = await doctorJson(box, { only: ['api.key'] });
      expect(fromConfig.check('api.key').details?.join('\n')).toContain('API base from Codex config.toml');
      expect(api.requests).toHaveLength(1);

      const profile = path.join(box.root, 'profile.json');
      await fs.writeFile(profile, JSON.stringify({ apiBase: other.url }));
      const fromProfile = await doctorJson(box, { only: ['api.key'], profile });
      expect(fromProfile.check('api.key').details?.join('\n')).toContain('API base from workshop profile');
      expect(other.requests).toHaveLength(1);

      const fromFlag = await doctorJson(box, { only: ['api.key'], profile, apiBase: api.url });
      expect(fromFlag.check('api.key').details?.join('\n')).toContain('API base from --api-base');
      expect(api.requests).toHaveLength(2);
      expect(other.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
