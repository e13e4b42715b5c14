import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgrammeReportFromStore } from '../../facilitator/programme/load-from-store.js';
import { FORMATS, renderProgrammeReport } from '../../facilitator/programme/report-command.js';
import { ServerClient } from '../../facilitator/server/client.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';
import { writePack } from '../programme/helpers.js';
// @ts-expect-error plain JavaScript fixture shared with the benchmark
import { NOW, PACK, TIME_ZONE, buildSyntheticProgramme } from '../programme/fixtures/synthetic-programme.mjs';
import { type HubActivity, PROGRAMME, type TestServer, hubLines, sessionMeta, startTestServer } from './helpers.js';

/**
 * The programme report over HTTP is the report built from the store, byte for byte, in every format:
 * the synthetic programme (70 people, 3 dates, usage from the API and a CSV) goes in through the
 * server's own upload routes and the dates' log lines, and its known answers come out.
 */
afterAll(cleanupTargets);

describe.each(ENGINES)('the programme report over HTTP on the %s engine', (kind) => {
  let server: TestServer;
  let viewer: ServerClient;
  let packDir: string;
  let tmp: string;
  const fixture = buildSyntheticProgramme(1);

  beforeAll(async () => {
    if (!engineAvailable(kind)) return;
    tmp = await mkdtemp(path.join(os.tmpdir(), 'server-report-'));
    packDir = await writePack(path.join(tmp, 'pack'), PACK);
    server = await startTestServer(kind, { programme: { ...PROGRAMME, timeZone: TIME_ZONE }, packDir, clock: () => new Date(NOW) });
    const facilitator = new ServerClient(server.url, await server.token('facilitator', 'Ken'));
    await facilitator.uploadRoster(PROGRAMME.id, { csv: fixture.rosterCsv, file: 'roster.csv' });
    await facilitator.uploadUsage(PROGRAMME.id, { text: fixture.usagePagesJsonLines, file: 'usage.jsonl' });
    await facilitator.uploadUsage(PROGRAMME.id, { text: fixture.usageCsv, file: 'usage.csv' });
    for (const session of fixture.sessions as Array<{ id: string; startsAt: string }>) {
      await server.store.putSession(PROGRAMME.id, sessionMeta(session.id, session.startsAt), 'venue', 'test');
      await server.store.appendLines(PROGRAMME.id, session.id, 'hub', hubLines(fixture.hub[session.id] as HubActivity[]));
    }
    viewer = new ServerClient(server.url, await server.token('viewer', 'Manager'));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it.skipIf(!engineAvailable(kind))('gives the known answers of the synthetic programme', async () => {
    const { text, warnings } = await viewer.report(PROGRAMME.id, 'json');
    const report = JSON.parse(text);
    expect(report.funnel).toEqual(fixture.expected.funnel);
    expect(report.segments).toEqual(fixture.expected.segments);
    expect(report.generatedAt).toBe(NOW);
    expect(warnings).toEqual([]);
  });

  it.skipIf(!engineAvailable(kind))('answers with exactly the bytes the report built from the store renders to, in every format', async () => {
    const { report } = await loadProgrammeReportFromStore(server.store, PROGRAMME.id, { packDir, now: new Date(NOW) });
    for (const format of FORMATS) {
      const { text } = await viewer.report(PROGRAMME.id, format);
      expect({ format, same: text === renderProgrammeReport(report, format) }).toEqual({ format, same: true });
    }
  });

  it.skipIf(!engineAvailable(kind))('serves the HTML report with its own strict policy, and refuses an unknown format', async () => {
    const token = await server.token('viewer');
    const html = await server.call(`/v1/programmes/${PROGRAMME.id}/report?format=html`, { token });
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(html.headers.get('cache-control')).toBe('no-store');
    const bad = await server.call(`/v1/programmes/${PROGRAMME.id}/report?format=pdf`, { token });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_format' });
  });
});

describe('report warnings', () => {
  it("travel beside the report (a pack the server cannot read), so the body stays the report", async () => {
    const server = await startTestServer('embedded', { packDir: path.join(os.tmpdir(), 'no-such-pack-here') });
    try {
      const { text, warnings } = await new ServerClient(server.url, server.owner).report(PROGRAMME.id, 'json');
      expect(JSON.parse(text).programme.id).toBe(PROGRAMME.id);
      expect(warnings.some((w) => w.includes('Could not read the exercise list'))).toBe(true);
      expect(warnings.some((w) => w.includes('no roster yet'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
