import { promises as fs } from 'node:fs';
import path from 'node:path';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { validateProgrammeId } from '../programme/ids.js';
import { programmeFolderExists } from '../programme/store.js';
import { parseServerUrl, readServerToken } from '../server/cli-support.js';
import { ServerClient } from '../server/client.js';
import { DATABASE_ENV, resolveStoreTarget } from '../store/store.js';
import { FolderSink, notHere } from './folder-sink.js';
import { ServerSink } from './server-sink.js';
import type { UsageSink } from './sink.js';
import { StoreSink } from './store-sink.js';

export interface WhereOptions {
  programme: string;
  data?: string;
  database?: string;
  server?: string;
  tokenFile?: string;
}

/**
 * Where the programme lives, in this order: `--server URL` (a programme server, with a facilitator
 * token); `--database URL` (PostgreSQL or embedded:FOLDER); the programme's folder in the data folder;
 * else the database WORKSHOP_DATABASE_URL names, or the embedded one in <data>/database. A folder wins
 * over the variable so that a facilitator with both keeps syncing where their reports are read from.
 */
export async function openSink(options: WhereOptions, env: NodeJS.ProcessEnv = process.env): Promise<UsageSink> {
  const programmeId = validateProgrammeId(options.programme);
  if (options.server) {
    const url = parseServerUrl(options.server);
    return new ServerSink(new ServerClient(url, await readServerToken({ tokenFile: options.tokenFile, env })), programmeId);
  }
  const dataDir = facilitatorDataDir(options.data, env);
  if (options.database) return StoreSink.open(resolveStoreTarget({ database: options.database, dataDir, env }), programmeId);
  if (await programmeFolderExists(dataDir, programmeId)) return new FolderSink(dataDir, programmeId);
  const embedded = path.join(dataDir, 'database');
  const hasEmbedded = await fs.stat(embedded).then((s) => s.isDirectory(), () => false);
  if (env[DATABASE_ENV]?.trim() || hasEmbedded) return StoreSink.open(resolveStoreTarget({ dataDir, env }), programmeId);
  throw notHere(dataDir, programmeId);
}
