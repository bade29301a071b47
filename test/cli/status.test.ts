import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { statusCommand } from '../../src/cli/commands/status.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import { freePort } from '../helpers/redis-server.js';
import { runCommand, tempDir } from './run-command.js';

const ADMIN = 'admin-token-0123456789';
let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

async function startCareLine(env: Record<string, string>): Promise<{ app: App; url: string }> {
  const app = await buildApp(loadConfig({ PORT: '0', ...env }), createLogger('silent'));
  const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

const status = (argv: string[], env: Record<string, string | undefined> = {}) =>
  runCommand(statusCommand, argv, { env, cwd: dir.path });

describe('careline status', () => {
  it('summarises the health of a running CareLine', async () => {
    const { app, url } = await startCareLine({ ADMIN_TOKEN: ADMIN });
    try {
      const { code, stdout } = await status(['--url', url], { ADMIN_TOKEN: ADMIN });
      expect(code).toBe(0);
      expect(stdout).toContain(`✓ CareLine at ${url}: up`);
      expect(stdout).toMatch(/uptime: \d+/);
      expect(stdout).toContain('- line: off – LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN not set');
      expect(stdout).toContain('- redis: off');
      expect(stdout).toMatch(/^Cache:/m);
      expect(stdout).toMatch(/^Gemini:/m);
    } finally {
      await app.close();
    }
  });

  it('exits 1 when a required dependency is down', async () => {
    const port = await freePort();
    const { app, url } = await startCareLine({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_REQUIRED: 'true' });
    try {
      const { code, stdout } = await status(['--url', url]);
      expect(code).toBe(1);
      expect(stdout).toContain(`✗ CareLine at ${url}`);
      expect(stdout).toContain('✗ redis: down (required)');
      const json = JSON.parse((await status(['--url', url, '--json'])).stdout);
      expect(json.reachable).toBe(true);
      expect(json.health.dependencies.find((d: { name: string }) => d.name === 'redis').state).toBe('down');
    } finally {
      await app.close();
    }
  });

  it('says how to start CareLine when nothing answers', async () => {
    const port = await freePort();
    const { code, stdout } = await status([], { PORT: String(port) });
    expect(code).toBe(1);
    expect(stdout).toContain(`✗ CareLine at http://127.0.0.1:${port}: not reachable (ECONNREFUSED)`);
    expect(stdout).toContain('Fix: start it (npm start, systemctl start careline, docker compose up -d)');
    const json = JSON.parse((await status(['--json'], { PORT: String(port) })).stdout);
    expect(json).toMatchObject({ reachable: false });
  });

  describe('against stats endpoints', () => {
    let server: Server;
    let url: string;
    const seen: Array<string | undefined> = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(req.headers.authorization);
        const send = (status: number, body: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (req.url === '/health') return send(200, { status: 'up', uptimeSeconds: 3725, dependencies: [] });
        if (req.headers.authorization !== `Bearer ${ADMIN}`) {
          return send(req.headers.authorization ? 401 : 403, { error: 'nope' });
        }
        if (req.url === '/cache/stats') {
          return send(200, {
            backend: 'redis',
            connected: true,
            namespaces: {
              analysis: { hits: 12, misses: 3, hitRatio: 0.8 },
              session: { hits: 4, misses: 0, hitRatio: null },
            },
          });
        }
        return send(404, { error: 'not_found' });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('prints stats with the admin token and says which ones are missing', async () => {
      const { code, stdout } = await status(['--url', url], { ADMIN_TOKEN: ADMIN });
      expect(code).toBe(0);
      expect(stdout).toContain('uptime: 1h 2m 5s');
      expect(stdout).toContain('  backend: redis · connected: true');
      expect(stdout).toMatch(/^ {2}namespaces:$/m);
      expect(stdout).toMatch(/^ {4} +hits +misses +hitRatio$/m);
      expect(stdout).toMatch(/^ {4}analysis +12 +3 +0\.8$/m);
      expect(stdout).toMatch(/^ {4}session +4 +0 +–$/m);
      expect(stdout).toContain('Gemini: unavailable – this CareLine version does not offer it');
      expect(seen).toContain(`Bearer ${ADMIN}`);
    });

    it('explains 401 and 403 instead of failing', async () => {
      const wrong = await status(['--url', url], { ADMIN_TOKEN: 'wrong-token-000000' });
      expect(wrong.code).toBe(0);
      expect(wrong.stdout).toContain('Cache: unavailable – the server refused this ADMIN_TOKEN');
      const none = await status(['--url', url]);
      expect(none.stdout).toContain('Cache: unavailable – admin endpoints are disabled on the server');
    });
  });
});
