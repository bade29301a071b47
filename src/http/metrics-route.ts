import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics/metrics.js';
import { requireBearer } from './admin-auth.js';

/**
 * `GET /metrics` in Prometheus text format from the injected registry. Open unless METRICS_TOKEN is set; then
 * it needs `Authorization: Bearer <METRICS_TOKEN>`. Also counts every HTTP answer by route, method and status.
 */
export function registerMetricsRoute(server: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  server.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label so scanners cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
  });

  server.get(
    '/metrics',
    { preHandler: token ? requireBearer(token, 'METRICS_TOKEN') : [] },
    async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
}
