import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Scripts and styles come only from this origin; card images may be any HTTPS URL (as in LINE). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * The project's web/ folder: the nearest folder above this module holding both package.json and
 * web/index.html — works from src/ (tsx, vitest) and from dist/src/ after a build, even if the build
 * copies a package.json into dist/.
 */
export function findWebDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'web', 'index.html'))) return join(dir, 'web');
    if (dirname(dir) === dir) throw new Error(`no project folder with web/index.html above ${from}`);
  }
}

/** Loads every servable file of web/ once; only these names can ever be answered. */
async function loadAssets(webDir: string): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const entry of await readdir(webDir, { withFileTypes: true })) {
    const contentType = CONTENT_TYPES[extname(entry.name)];
    if (!entry.isFile() || !contentType) continue;
    const body = await readFile(join(webDir, entry.name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(entry.name, { body, contentType, etag });
  }
  if (!assets.has('index.html')) throw new Error(`simulator page missing: ${join(webDir, 'index.html')}`);
  return assets;
}

/**
 * `GET /` serves the chat simulator page, `GET /web/<file>` its scripts and styles. Files are read at
 * start-up from the project's web/ folder and looked up by exact name, so nothing else on disk is reachable.
 * Responses revalidate by ETag, so an edited page shows on the next reload.
 */
export async function registerSimulatorRoute(server: FastifyInstance, webDir: string = findWebDir()): Promise<void> {
  const assets = await loadAssets(webDir);

  const send = (name: string, ifNoneMatch: string | undefined, reply: FastifyReply) => {
    const asset = assets.get(name);
    if (!asset) return reply.callNotFound();
    reply
      .header('cache-control', 'no-cache')
      .header('etag', asset.etag)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    if (name.endsWith('.html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (ifNoneMatch === asset.etag) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  };

  server.get('/', (request, reply) => send('index.html', request.headers['if-none-match'], reply));
  server.get<{ Params: { file: string } }>('/web/:file', (request, reply) =>
    send(request.params.file, request.headers['if-none-match'], reply),
  );
}
