import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';

export interface RunningApp {
  app: App;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

/** The real application on a free loopback port, embedded defaults (no LINE, no Redis, no LLM). */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const app = await buildApp(config, createLogger('silent'));
  const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl: address, close: () => app.close() };
}
