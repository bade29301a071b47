import type { FastifyInstance } from 'fastify';

export interface DependencyState {
  name: string;
  /** up: working; down: configured but failing; off: not configured (embedded default in use). */
  state: 'up' | 'down' | 'off';
  /** When true, /ready answers 503 while this dependency is down. */
  required: boolean;
  detail?: string;
}

export type HealthProbe = () => DependencyState | Promise<DependencyState>;

export function registerHealthRoutes(server: FastifyInstance, probes: HealthProbe[]): void {
  const collect = () => Promise.all(probes.map((probe) => probe()));

  server.get('/health', async () => {
    const dependencies = await collect();
    return { status: 'up', uptimeSeconds: Math.round(process.uptime()), dependencies };
  });

  server.get('/ready', async (_request, reply) => {
    const dependencies = await collect();
    const blocking = dependencies.filter((d) => d.required && d.state !== 'up');
    reply.code(blocking.length ? 503 : 200);
    return { ready: blocking.length === 0, blocking: blocking.map((d) => d.name), dependencies };
  });
}
