// Shared measuring helpers for bench scripts.
import { spawnSync } from 'node:child_process';
import http from 'node:http';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times a command `runs` times (after one warm-up) and returns the median wall time in ms. */
export function timeCommand(file, args, { runs = 15, env = process.env, cwd } = {}) {
  spawnSync(file, args, { env, cwd, stdio: 'ignore' });
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    spawnSync(file, args, { env, cwd, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

/** Prints one figure line and returns whether it met its target. */
export function report(name, value, unit, { target, baseline } = {}) {
  const parts = [`${name}: ${value.toFixed(1)} ${unit}`];
  if (baseline !== undefined) parts.push(`baseline ${baseline.toFixed(1)} ${unit}, ratio ${(value / baseline).toFixed(2)}`);
  let ok = true;
  if (target !== undefined) {
    ok = value <= target;
    parts.push(`target ≤ ${target.toFixed(1)} ${unit}: ${ok ? 'met' : 'MISSED'}`);
  }
  process.stdout.write(`- ${parts.join(' | ')}\n`);
  return ok;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * One JSON request over node:http with keep-alive (the lightest client Node has, so the load generator
 * costs little CPU; the load benches open hundreds at once): resolves with
 * the status, the answer (parsed when it is JSON) and the wall time in ms; rejects on a network error.
 */
export function requestJson(method, url, body, bearer) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {};
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (d) => (text += d));
      response.on('end', () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: response.statusCode, json, ms: performance.now() - started });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export const postJson = (url, body, bearer) => requestJson('POST', url, body, bearer);
