import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../data/private-files.js';

/**
 * `endpoint.json` in a session folder while its hub runs: the port it listens on, so that facilitator
 * commands on the same computer (`workshop room say …`) reach it on 127.0.0.1 with the facilitator
 * token kept next to it. Removed when the hub stops; a stale one (a crash) is caught by the pid.
 */
export const ENDPOINT_FILE = 'endpoint.json';

export const Endpoint = z.object({ port: z.number().int().min(1).max(65535), pid: z.number().int() });
export type Endpoint = z.infer<typeof Endpoint>;

export async function writeEndpoint(dir: string, endpoint: Endpoint): Promise<void> {
  await writePrivateFile(path.join(dir, ENDPOINT_FILE), `${JSON.stringify(endpoint)}\n`);
}

export async function removeEndpoint(dir: string): Promise<void> {
  await fs.rm(path.join(dir, ENDPOINT_FILE), { force: true }).catch(() => undefined);
}

export async function readEndpoint(dir: string): Promise<Endpoint | undefined> {
  try {
    const parsed = Endpoint.safeParse(JSON.parse(await fs.readFile(path.join(dir, ENDPOINT_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
