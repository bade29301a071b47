import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../config/errors.js';
import { readEnvironment } from '../../config/load.js';
import { processIo, say } from '../io.js';
import { networkCode } from '../probes/line.js';
import { loadCliConfig } from '../targets.js';
import type { Command } from './command.js';

const USAGE = `Usage: careline status [--url http://host:port] [--json] [--timeout ms]

Asks a running CareLine for /health, /cache/stats and /gemini/stats (the last two with ADMIN_TOKEN from the
environment or .env) and prints a summary. Exit code 1 when it is unreachable or a required dependency is down.`;

interface Dependency {
  name: string;
  state: string;
  required?: boolean;
  detail?: string;
}

type Fetched = { ok: true; body: unknown } | { ok: false; reason: string };

export const statusCommand: Command = {
  name: 'status',
  usage: USAGE.split('\n')[0]!.replace(/^Usage:\s*/, ''),
  summary: 'show the health, cache and Gemini usage of a running CareLine',
  async run(argv, io = processIo()) {
    const { values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        json: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '5000' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      say(io.stdout, USAGE);
      return 0;
    }
    let port = 3000;
    let host = '127.0.0.1';
    let adminToken: string | undefined;
    try {
      const config = loadCliConfig(io);
      port = config.PORT;
      host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
      adminToken = config.ADMIN_TOKEN;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      if (!values.url) {
        say(io.stderr, err.message);
        return 2;
      }
      adminToken = readEnvironment(io.env, join(io.cwd, '.env')).ADMIN_TOKEN;
    }
    const base = (values.url ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
    const timeoutMs = Number(values.timeout) > 0 ? Number(values.timeout) : 5000;
    const get = (path: string, auth: boolean) => fetchJson(`${base}${path}`, auth ? adminToken : undefined, timeoutMs);

    const health = await get('/health', false);
    if (!health.ok) {
      if (values.json) say(io.stdout, JSON.stringify({ url: base, reachable: false, reason: health.reason }));
      else {
        say(io.stdout, `✗ CareLine at ${base}: ${health.reason}`);
        say(io.stdout, 'Fix: start it (npm start, systemctl start careline, docker compose up -d) or pass --url.');
      }
      return 1;
    }
    const [cache, gemini] = await Promise.all([get('/cache/stats', true), get('/gemini/stats', true)]);
    const healthBody = health.body as { status?: string; uptimeSeconds?: number; dependencies?: Dependency[] };
    const dependencies = healthBody.dependencies ?? [];
    const blocking = dependencies.filter((d) => d.required && d.state !== 'up');

    if (values.json) {
      say(
        io.stdout,
        JSON.stringify({
          url: base,
          reachable: true,
          health: health.body,
          cache: cache.ok ? cache.body : { unavailable: cache.reason },
          gemini: gemini.ok ? gemini.body : { unavailable: gemini.reason },
        }),
      );
      return blocking.length ? 1 : 0;
    }

    say(io.stdout, `${blocking.length ? '✗' : '✓'} CareLine at ${base}: ${healthBody.status ?? 'up'}`);
    if (healthBody.uptimeSeconds !== undefined) say(io.stdout, `  uptime: ${formatDuration(healthBody.uptimeSeconds)}`);
    for (const d of dependencies) {
      const mark = d.state === 'up' ? '✓' : d.state === 'off' ? '-' : '✗';
      say(
        io.stdout,
        `  ${mark} ${d.name}: ${d.state}${d.required ? ' (required)' : ''}${d.detail ? ` – ${d.detail}` : ''}`,
      );
    }
    printSection(io.stdout, 'Cache', cache);
    printSection(io.stdout, 'Gemini', gemini);
    return blocking.length ? 1 : 0;
  },
};

async function fetchJson(url: string, token: string | undefined, timeoutMs: number): Promise<Fetched> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError')
      return { ok: false, reason: `no answer within ${timeoutMs} ms` };
    return { ok: false, reason: `not reachable (${networkCode(err) ?? 'network error'})` };
  }
  const text = await res.text();
  if (res.status === 403)
    return { ok: false, reason: 'admin endpoints are disabled on the server (set ADMIN_TOKEN there)' };
  if (res.status === 401) {
    return {
      ok: false,
      reason: token ? 'the server refused this ADMIN_TOKEN' : 'needs ADMIN_TOKEN: set it in the environment or .env',
    };
  }
  if (res.status === 404) return { ok: false, reason: 'this CareLine version does not offer it' };
  if (!res.ok) return { ok: false, reason: `answered HTTP ${res.status}` };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'answered something that is not JSON' };
  }
}

function printSection(out: NodeJS.WritableStream, title: string, fetched: Fetched): void {
  if (!fetched.ok) {
    say(out, `${title}: unavailable – ${fetched.reason}`);
    return;
  }
  say(out, `${title}:`);
  for (const line of renderJson(fetched.body, '  ')) say(out, line);
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Any stats shape as short lines: the plain values of an object on one line, nested objects indented, and a
 * map of similar flat objects (e.g. per cache namespace) as a table.
 */
export function renderJson(value: unknown, indent = ''): string[] {
  if (!isObject(value)) return [`${indent}${formatValue(value)}`];
  const entries = Object.entries(value);
  const plain = entries.filter(([, v]) => !isObject(v));
  const lines: string[] = [];
  if (plain.length) lines.push(indent + plain.map(([k, v]) => `${k}: ${formatValue(v)}`).join(' · '));
  for (const [key, child] of entries.filter(([, v]) => isObject(v))) {
    lines.push(`${indent}${key}:`);
    lines.push(...(table(child as JsonObject, `${indent}  `) ?? renderJson(child, `${indent}  `)));
  }
  return lines;
}

function table(rows: JsonObject, indent: string): string[] | undefined {
  const entries = Object.entries(rows);
  const flat = (v: unknown) => isObject(v) && Object.values(v).every((x) => !isObject(x));
  if (entries.length < 2 || !entries.every(([, v]) => flat(v))) return undefined;
  const columns = [...new Set(entries.flatMap(([, v]) => Object.keys(v as JsonObject)))];
  const cells = [
    ['', ...columns],
    ...entries.map(([name, v]) => [name, ...columns.map((c) => formatValue((v as JsonObject)[c]))]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map(
    (row) =>
      indent +
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
  );
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Math.round(value * 10_000) / 10_000);
  if (Array.isArray(value))
    return value.every((v) => !isObject(v)) ? value.map(formatValue).join(', ') : JSON.stringify(value);
  return String(value);
}

function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, `${s}s`].filter(Boolean).join(' ');
}
