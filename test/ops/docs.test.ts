import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { envSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log/logger.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const variables = Object.keys(envSchema.shape);
const defaults = loadConfig({}) as unknown as Record<string, unknown>;
/** Accepted besides the schema's own names. */
const ALIASES = ['AISTUDIO_API_KEY'];

describe('README.md', () => {
  const readme = read('README.md');
  /** `| \`NAME\` | default | meaning |` rows of the configuration table. */
  const rows = new Map(
    [...readme.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|([^|]+)\|([^|]+)\|$/gm)].map((m) => [
      m[1]!,
      { defaultCell: m[2]!.trim(), meaning: m[3]!.trim() },
    ]),
  );

  it('has a row for every environment variable, with its real default', () => {
    for (const name of variables) {
      const row = rows.get(name);
      expect(row, name).toBeDefined();
      const expected = defaults[name] === undefined ? '—' : `\`${String(defaults[name])}\``;
      expect(row!.defaultCell, name).toBe(expected);
      expect(row!.meaning.length, name).toBeGreaterThan(10);
    }
  });

  it('documents nothing that does not exist and mentions the AISTUDIO_API_KEY alias', () => {
    for (const name of rows.keys()) expect(variables, name).toContain(name);
    expect(readme).toContain('AISTUDIO_API_KEY');
  });

  it('gives exactly the two quick-start commands', () => {
    const quickStart = readme.slice(
      readme.indexOf('## Quick start'),
      readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1),
    );
    const commands = [...quickStart.matchAll(/```sh\n([^`]+)```/g)].map((m) => m[1]!.trim());
    expect(commands).toEqual(['npm install && npm start', 'npm install && npm test']);
  });
});

describe('README.md HTTP endpoints', () => {
  /** `METHOD /path` of every route the app serves, from Fastify's route tree (HEAD is implied by GET). */
  async function servedRoutes(): Promise<string[]> {
    const app = await buildApp(loadConfig({}), createLogger('silent'));
    try {
      await app.server.ready();
      const tree = app.server.printRoutes({ commonPrefix: false });
      const stack: string[] = [];
      const routes: string[] = [];
      for (const line of tree.split('\n')) {
        const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
        if (!m) continue;
        const depth = m[1]!.length / 4;
        stack.length = depth;
        stack.push(m[2]!);
        for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) {
          routes.push(`${method} ${stack.join('').replace(/:(\w+)/g, '<$1>')}`);
        }
      }
      return routes;
    } finally {
      await app.close();
    }
  }

  it('lists every route the app serves, and only those', async () => {
    const readme = read('README.md');
    const documented = new Set<string>();
    for (const m of readme.matchAll(/^\|\s*`(GET|POST|PUT|DELETE) (\/[^`]*)`(?: \(alias `([^`]+)`\))?/gm)) {
      documented.add(`${m[1]} ${m[2]}`);
      if (m[3]) documented.add(`${m[1]} ${m[3]}`);
    }
    const served = await servedRoutes();
    expect(served).toContain('GET /metrics');
    expect(served).toContain('POST /webhook');
    for (const route of served) expect(documented, route).toContain(route);
    for (const route of documented) expect(served, route).toContain(route);
  });
});

describe('.env.example', () => {
  const text = read('.env.example');
  const lines = text.split('\n');
  const assigned = lines.map((l) => /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(l)?.[1]).filter((n): n is string => Boolean(n));

  it('documents every variable, each with a comment above it or its group', () => {
    for (const name of variables) expect(assigned, name).toContain(name);
    const firstLine = lines.findIndex((l) => l.startsWith(`${variables[0]}=`));
    expect(lines[firstLine - 1]).toMatch(/^# /);
  });

  it('contains nothing unknown and every name once', () => {
    for (const name of assigned) expect([...variables, ...ALIASES], name).toContain(name);
    expect(new Set(assigned).size).toBe(assigned.length);
  });

  it('copied as it is, gives exactly the embedded defaults', () => {
    const fromExample = loadConfig(parseEnv(text)) as unknown as Record<string, unknown>;
    expect(fromExample).toEqual(defaults);
  });
});
