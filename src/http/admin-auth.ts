import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison is constant-time regardless of length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * A Fastify preHandler for admin endpoints: 403 with how to enable them when no token is configured,
 * 401 without the right `Authorization: Bearer <token>`.
 */
export function requireBearer(token: string | undefined, variable = 'ADMIN_TOKEN') {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!token) {
      throw new HttpError(403, 'admin_disabled', `This endpoint is disabled. Set ${variable} to enable it.`);
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1] || !sameSecret(match[1].trim(), token)) {
      throw new HttpError(401, 'unauthorized', `Send Authorization: Bearer <${variable}>.`);
    }
  };
}
