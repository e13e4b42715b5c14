import { existsSync } from 'node:fs';
import type { DoctorContext } from '../context.js';
import { persistEnvVarCommands, shellStartupFile } from '../fixes.js';
import { bypassesProxy, describeProxy, noProxyList, parseProxyUrl, proxyVariableFor } from '../proxy-env.js';
import type { Check, CheckResult, Fix } from '../types.js';

/**
 * Proxy and certificate settings that quietly break Codex: HTTPS_PROXY and https_proxy saying
 * different things (Codex reads the upper-case one, curl and many tools the lower-case one), an
 * http-only proxy, loopback not exempted, a CA bundle variable pointing at nothing, and on Windows a
 * system proxy that command-line programs do not use. Everything here is a warning: the API check
 * says whether requests really get through.
 */
interface Finding {
  code: string;
  summary: string;
  fix: Fix;
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

function posixLike(ctx: DoctorContext): boolean {
  return ctx.platform.shell !== 'powershell' && ctx.platform.shell !== 'cmd';
}

function conflictFinding(ctx: DoctorContext, upper: string, lower: string): Finding | undefined {
  // Windows environment variables are case-insensitive, so the pair cannot disagree there.
  const a = ctx.env[upper]?.trim();
  const b = ctx.env[lower]?.trim();
  if (!a || !b || a === b || !posixLike(ctx)) return undefined;
  const shown = (v: string) => {
    const url = parseProxyUrl(v);
    return url ? describeProxy(url) : ctx.t.proxy.unreadable;
  };
  const copy = ctx.platform.shell === 'fish' ? `set -gx ${lower} $${upper}` : `export ${lower}="$${upper}"`;
  return {
    code: 'proxy_env_conflict',
    summary: ctx.t.proxy.conflict({ upper, upperValue: shown(a), lower, lowerValue: shown(b) }),
    fix: { text: ctx.t.proxy.conflictFix({ lower, file: shellStartupFile(ctx.platform) }), commands: [copy] },
  };
}

async function windowsSystemProxy(ctx: DoctorContext): Promise<{ server?: string; pac?: string } | undefined> {
  const result = await ctx.run('reg', ['query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'], { timeoutMs: 5000 });
  if (result.exitCode !== 0) return undefined;
  const value = (name: string) => new RegExp(`^\\s*${name}\\s+REG_\\w+\\s+(.+)$`, 'mi').exec(result.stdout)?.[1]?.trim();
  const enabled = /^0x0*1$/i.test(value('ProxyEnable') ?? '');
  const server = enabled ? value('ProxyServer') : undefined;
  const pac = value('AutoConfigURL');
  if (!server && !pac) return undefined;
  return { server, pac };
}

/** "http=proxy:80;https=proxy:8443" or "proxy:8080" → the proxy for https, as a URL. */
export function httpsProxyFromWindowsSetting(server: string): string {
  const entries = server.split(';').map((s) => s.trim());
  const https = entries.find((e) => e.toLowerCase().startsWith('https='));
  const chosen = (https ?? entries.find((e) => !e.includes('=')) ?? entries[0] ?? '').replace(/^\w+=/, '');
  return /^[a-z]+:\/\//i.test(chosen) ? chosen : `http://${chosen}`;
}

async function findings(ctx: DoctorContext): Promise<{ findings: Finding[]; proxyNote?: string }> {
  const { t } = ctx;
  const found: Finding[] = [];
  for (const [upper, lower] of [
    ['HTTPS_PROXY', 'https_proxy'],
    ['HTTP_PROXY', 'http_proxy'],
    ['NO_PROXY', 'no_proxy'],
  ] as const) {
    const conflict = conflictFinding(ctx, upper, lower);
    if (conflict) found.push(conflict);
  }

  const https = proxyVariableFor(ctx.env, 'https');
  const http = proxyVariableFor(ctx.env, 'http');
  let proxyNote: string | undefined;
  if (https) {
    const url = parseProxyUrl(https.value);
    if (!url) {
      found.push({
        code: 'proxy_url_invalid',
        summary: t.proxy.invalid({ variable: https.variable }),
        fix: { text: t.proxy.invalidFix, commands: persistEnvVarCommands(ctx.platform, https.variable, 'http://proxy.example.com:8080') },
      });
    } else {
      proxyNote = t.proxy.using({ proxy: describeProxy(url), variable: https.variable });
      const noProxy = noProxyList(ctx.env);
      if (!LOOPBACK.every((host) => bypassesProxy(host, noProxy))) {
        const value = [...new Set([...noProxy, ...LOOPBACK])].join(',');
        found.push({
          code: 'proxy_no_loopback',
          summary: t.proxy.noLoopback,
          fix: { text: t.proxy.noLoopbackFix, commands: [...persistEnvVarCommands(ctx.platform, 'NO_PROXY', value), ...(posixLike(ctx) ? persistEnvVarCommands(ctx.platform, 'no_proxy', value) : [])] },
        });
      }
    }
  } else if (http) {
    found.push({
      code: 'https_proxy_missing',
      summary: t.proxy.httpsMissing({ variable: http.variable }),
      fix: { text: t.proxy.httpsMissingFix, commands: persistEnvVarCommands(ctx.platform, 'HTTPS_PROXY', parseProxyUrl(http.value) ? describeProxy(parseProxyUrl(http.value)!) : 'http://proxy.example.com:8080') },
    });
  } else if (ctx.platform.os === 'windows') {
    const system = await windowsSystemProxy(ctx);
    if (system?.server) {
      const url = httpsProxyFromWindowsSetting(system.server);
      found.push({
        code: 'proxy_system_only',
        summary: t.proxy.systemOnly({ url }),
        fix: { text: t.proxy.systemOnlyFix, commands: persistEnvVarCommands(ctx.platform, 'HTTPS_PROXY', url) },
      });
    } else if (system?.pac) {
      found.push({
        code: 'proxy_system_only',
        summary: t.proxy.pacOnly,
        fix: { text: t.proxy.pacOnlyFix, commands: persistEnvVarCommands(ctx.platform, 'HTTPS_PROXY', 'http://proxy.example.com:8080') },
      });
    }
  }

  for (const variable of ['CODEX_CA_CERTIFICATE', 'SSL_CERT_FILE']) {
    const file = ctx.env[variable];
    if (file && !existsSync(file)) {
      found.push({
        code: 'ca_bundle_missing',
        summary: t.proxy.caMissing({ variable, file }),
        fix: { text: t.proxy.caMissingFix({ variable }) },
      });
    }
  }
  return { findings: found, proxyNote };
}

export const networkProxyCheck: Check = {
  id: 'network.proxy',
  timeoutMs: () => 10_000,
  async run(ctx): Promise<CheckResult> {
    const { findings: found, proxyNote } = await findings(ctx);
    const [first, ...rest] = found;
    if (first) {
      return {
        status: 'warn',
        code: first.code,
        summary: first.summary,
        fix: first.fix,
        details: rest.map((f) => ctx.t.common.also({ summary: f.summary })),
      };
    }
    if (proxyNote) return { status: 'ok', code: 'proxy_ok', summary: proxyNote };
    return { status: 'ok', code: 'no_proxy', summary: ctx.t.proxy.none };
  },
};
