import { createReadStream, promises as fs } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { HubPaths } from '../../src/protocol/hub-api.js';

/**
 * GET /kit.tgz: the participant kit as an npm tarball with every dependency bundled inside, so that
 * laptops on venue Wi-Fi install it from the hub (`npm install -g http://<hub>:4545/kit.tgz`) without
 * the public registry. The source builds it on first request when it is missing.
 */
export interface KitSource {
  /** Path of a ready kit tarball; builds it if needed. Throws a message for the facilitator. */
  tarball(): Promise<string>;
}

export function registerKitRoute(app: FastifyInstance, kit: KitSource): void {
  app.get(HubPaths.kit, async (_request, reply) => {
    let file: string;
    try {
      file = await kit.tarball();
    } catch (error) {
      return reply.code(503).send({ error: 'kit_unavailable', reason: `the hub could not build the participant kit: ${(error as Error).message}` });
    }
    const { size } = await fs.stat(file);
    reply.header('Content-Length', String(size));
    reply.header('Content-Disposition', 'attachment; filename="codex-workshop-kit.tgz"');
    reply.header('Cache-Control', 'no-cache');
    return reply.type('application/gzip').send(createReadStream(file));
  });
}
