import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiKey } from '../../src/core/secret.js';
import { AdminApiClient, type AdminApiOptions } from '../../facilitator/admin-api/client.js';
import { type Programme, type Roster, saveProgramme, saveRoster } from '../../facilitator/programme/store.js';
import { addDays } from '../../facilitator/programme/calendar.js';
import { AdminApiMock, type MockOptions, SCOPES, generatedCost, generatedKeyId, generatedRequests } from '../support/admin-api-mock.js';

/** Shared by the usage-sync suites: a mock with one good key, a programme folder, and what a sync of the generated data must store. */
export const ADMIN_KEY = 'sk-admin-Zq7TestOnlyAdminKey0123456789abcdefXYZ';
export const USAGE_ONLY_KEY = 'sk-admin-UsageOnlyKey0123456789abcdefghijkl';
export const NO_SCOPE_KEY = 'sk-admin-NoScopesKey0123456789abcdefghijklmn';
export const NOW = new Date('2026-06-15T10:00:00Z');
export const GENERATED = { keys: 5, days: 100, firstDay: '2026-03-01' };

export const PROGRAMME: Programme = {
  schemaVersion: 1,
  id: 'spring',
  title: 'Spring',
  createdAt: '2026-03-01T00:00:00.000Z',
  timeZone: 'Asia/Tokyo',
  settings: { windowDays: 28, regularMinWeeks: 3 },
  sessions: [{ id: '2026-05-20-sales', date: '2026-05-20', startsAt: '2026-05-20T01:00:00.000Z' }],
};

export const ROSTER: Roster = {
  schemaVersion: 1,
  updatedAt: '2026-03-01T00:00:00.000Z',
  people: [
    { email: 'aiko@example.com', name: 'Aiko', team: 'Finance' },
    { email: 'ben@example.com', name: 'Ben', team: 'Sales', key: { kind: 'hint', hint: 'sk-…abcd' } },
    { email: 'chie@example.com', name: 'Chie', team: 'Sales' },
    { email: 'dan@example.com', name: 'Dan', team: 'Ops', key: { kind: 'id', id: 'key_dan_old' } },
  ],
};

export function startMock(options: Partial<MockOptions> = {}): Promise<AdminApiMock> {
  return AdminApiMock.start({
    keys: { [ADMIN_KEY]: [SCOPES.usage, SCOPES.keys], [USAGE_ONLY_KEY]: [SCOPES.usage], [NO_SCOPE_KEY]: [] },
    generated: GENERATED,
    ...options,
  });
}

export function client(mock: AdminApiMock, options: AdminApiOptions & { key?: string } = {}): AdminApiClient & { waits: number[] } {
  const waits: number[] = [];
  const c = new AdminApiClient(mock.url, new ApiKey(options.key ?? ADMIN_KEY), {
    sleep: async (ms) => {
      waits.push(ms);
    },
    retry: { attempts: 3, baseDelayMs: 1 },
    ...options,
  });
  return Object.assign(c, { waits });
}

export async function programmeFolder(): Promise<{ dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'usage-sync-'));
  await saveProgramme(dataDir, PROGRAMME);
  await saveRoster(dataDir, PROGRAMME.id, ROSTER);
  return { dataDir, cleanup: () => fs.rm(dataDir, { recursive: true, force: true }) };
}

/** The usage and spend the generated data holds on [from, to) (UTC days), as a sync must store them. */
export function expectedData(from: string, to: string): { usage: string[]; costs: string[] } {
  const usage: string[] = [];
  const costs: string[] = [];
  for (let i = 0; i < GENERATED.days; i++) {
    const day = addDays(GENERATED.firstDay, i);
    if (day < from || day >= to) continue;
    for (let j = 0; j < GENERATED.keys; j++) {
      const n = generatedRequests(j, i);
      if (n === 0) continue;
      usage.push(`${day} ${generatedKeyId(j)} ${n} ${n * 1200} ${n * 300}`);
      costs.push(`${day} keyId:${generatedKeyId(j)} ${generatedCost(n).toFixed(6)} usd`);
    }
  }
  return { usage: usage.sort(), costs: costs.sort() };
}

export const usageLines = (days: Array<{ day: string; source: { value: string }; requests: number; inputTokens?: number; outputTokens?: number }>) =>
  days.map((d) => `${d.day} ${d.source.value} ${d.requests} ${d.inputTokens} ${d.outputTokens}`).sort();
export const costLines = (days: Array<{ day: string; source: { kind: string; value: string }; amount: number; currency: string }>) =>
  days.map((d) => `${d.day} ${d.source.kind}:${d.source.value} ${d.amount.toFixed(6)} ${d.currency}`).sort();

/** Every file under a folder, as text (for "the key is nowhere on disk"). */
export async function everyFile(dir: string): Promise<string> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.push(await fs.readFile(full, 'latin1'));
  }
  return out.join('\n');
}
