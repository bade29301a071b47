import type { FastifyInstance } from 'fastify';
import type { RateLimiter } from '../cache/rate-limiter.js';
import { HttpError } from './errors.js';

/** Limits `/api/*` per client IP (X-Forwarded-For is honoured: the server trusts its proxy); 429 when over. */
export function registerApiRateLimit(server: FastifyInstance, limiter: RateLimiter): void {
  if (limiter.limitPerWindow === 0) return;
  server.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const decision = await limiter.allow(request.ip);
    reply.header('X-RateLimit-Limit', decision.limit);
    reply.header('X-RateLimit-Remaining', decision.remaining);
    if (decision.allowed) return;
    reply.header('Retry-After', decision.retryAfterSeconds);
    throw new HttpError(
      429,
      'rate_limited',
      `Too many requests: at most ${decision.limit} per minute per client. Try again in ${decision.retryAfterSeconds} s.`,
      { retryAfterSeconds: decision.retryAfterSeconds },
    );
  });
}
