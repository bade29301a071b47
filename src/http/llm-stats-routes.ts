import type { FastifyInstance } from 'fastify';
import type { GeminiStats } from '../llm/enricher.js';
import { requireBearer } from './admin-auth.js';

/**
 * GET /gemini/stats (alias /llm/stats), admin only. Without an enricher (no GEMINI_API_KEY) it says so
 * instead of showing zeros.
 */
export function registerLlmStatsRoutes(
  server: FastifyInstance,
  adminToken: string | undefined,
  stats: (() => Promise<GeminiStats>) | undefined,
): void {
  const preHandler = requireBearer(adminToken);
  const handler = async () =>
    stats
      ? { enabled: true, ...(await stats()) }
      : { enabled: false, reason: 'GEMINI_API_KEY not set: offline answers' };
  server.get('/gemini/stats', { preHandler }, handler);
  server.get('/llm/stats', { preHandler }, handler);
}
