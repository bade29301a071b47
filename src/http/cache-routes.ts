import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type Cache, NAMESPACES } from '../cache/types.js';
import { requireBearer } from './admin-auth.js';
import { BadRequestError, HttpError } from './errors.js';

const clearBody = z
  .object({ namespace: z.enum(NAMESPACES).optional() })
  .strict()
  .optional()
  .nullable();

/** Admin endpoints of the cache: GET /cache/stats and POST /cache/clear {"namespace"?}. */
export function registerCacheRoutes(server: FastifyInstance, cache: Cache, adminToken: string | undefined): void {
  const admin = requireBearer(adminToken);

  server.get('/cache/stats', { preHandler: admin }, async () => cache.stats());

  server.post('/cache/clear', { preHandler: admin }, async (request) => {
    const parsed = clearBody.safeParse(request.body);
    if (!parsed.success) {
      throw new BadRequestError(`namespace must be one of ${NAMESPACES.join(', ')}, or left out to clear all.`, {
        namespaces: NAMESPACES,
      });
    }
    const namespace = parsed.data?.namespace;
    try {
      const cleared = await cache.clear(namespace);
      request.log.info({ namespace: namespace ?? 'all', cleared }, 'cache cleared');
      return { cleared, namespace: namespace ?? 'all' };
    } catch (err) {
      // Memory clears cannot fail, so any error here is the Redis backend.
      throw new HttpError(503, 'cache_unavailable', `The cache backend is not reachable: ${(err as Error).message}.`);
    }
  });
}
