import { existsSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { envSchema } from '../../src/config/schema.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const knownVariables = new Set(Object.keys(envSchema.shape));

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  env_file?: string | string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The command `npm start` runs, e.g. `node dist/src/main.js`. */
const startCommand = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;

describe('compose.yaml', () => {
  const compose = load(read('compose.yaml')) as ComposeFile;
  const careline = compose.services.careline!;
  const redis = compose.services.redis!;

  it('runs Redis 7 append-only on a named volume, with a health check', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['careline', 'redis']);
    expect(redis.image).toBe('redis:7');
    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    const [volume, mountPoint] = (redis.volumes?.[0] ?? '').split(':');
    expect(mountPoint).toBe('/data');
    expect(compose.volumes).toHaveProperty(volume!);
    expect(redis.healthcheck?.test.join(' ')).toContain('ping');
  });

  it('builds CareLine from the Dockerfile, reads .env and waits for a healthy Redis', () => {
    expect(careline.build).toBe('.');
    expect(careline.env_file).toBe('.env');
    expect(careline.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it('sets only variables the configuration schema knows, and they validate', () => {
    const environment = careline.environment ?? {};
    for (const key of Object.keys(environment)) expect(knownVariables, key).toContain(key);
    expect(environment.REDIS_URL).toBe('redis://redis:6379');
    expect(environment.HOST).toBe('0.0.0.0');
    const config = loadConfig(environment);
    expect(config.redisConfigured).toBe(true);
  });

  it('publishes the port the container listens on', () => {
    const environment = careline.environment ?? {};
    const port = loadConfig(environment).PORT;
    expect(careline.ports).toHaveLength(1);
    const parts = careline.ports![0]!.split(':');
    expect(Number(parts.at(-1))).toBe(port);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.match(/^FROM .+$/gm) ?? [];

  it('builds in one stage and runs production dependencies without lifecycle scripts in another', () => {
    expect(stages).toEqual(['FROM node:20-slim AS build', 'FROM node:20-slim AS runtime']);
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(runtime).not.toMatch(/npm run build/);
  });

  it('runs as a non-root user, listens on all interfaces and checks /health', () => {
    expect(dockerfile).toMatch(/^USER (?!root)\S+$/m);
    expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
  });

  it('starts the same program as npm start', () => {
    const cmd = /^CMD \[(.+)\]$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(`[${cmd}]`).join(' ')).toBe(startCommand);
  });

  it('copies only files that exist in the repository', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(new URL(source, root)), source).toBe(true);
  });

  it('keeps secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toContain('.env');
    expect(ignored).toContain('.env.*');
    expect(ignored).toContain('node_modules');
  });
});

describe('deploy/careline.service', () => {
  const unit = read('deploy/careline.service');
  const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];

  it('starts the same program as npm start, as a non-root user, restarting on failure', () => {
    expect(value('ExecStart')).toBe(startCommand.replace(/^node /, '/usr/bin/node '));
    expect(value('User')).toBeTruthy();
    expect(value('User')).not.toBe('root');
    expect(value('Restart')).toBe('on-failure');
    expect(value('EnvironmentFile')).toMatch(/\.env$/);
    expect(value('NoNewPrivileges')).toBe('true');
  });

  it('gives graceful shutdown more time than CareLine needs', () => {
    const shutdownSeconds = loadConfig({}).SHUTDOWN_TIMEOUT_MS / 1000;
    expect(Number(value('TimeoutStopSec'))).toBeGreaterThan(shutdownSeconds + 2);
  });
});
