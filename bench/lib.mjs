// Shared measuring helpers for bench scripts.
import { spawnSync } from 'node:child_process';

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
