import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWebDir, registerSimulatorRoute } from '../../src/http/simulator-route.js';

describe('simulator route', () => {
  const server = Fastify();
  beforeAll(async () => {
    await registerSimulatorRoute(server);
    await server.ready();
  });
  afterAll(() => server.close());

  it('serves the chat page at / with a strict content security policy', async () => {
    const res = await server.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('CareLine 失智照護小幫手');
    expect(res.body).toContain('src="/web/app.js"');
  });

  it.each([
    ['app.js', 'text/javascript; charset=utf-8'],
    ['flex-renderer.js', 'text/javascript; charset=utf-8'],
    ['styles.css', 'text/css; charset=utf-8'],
    ['flex.css', 'text/css; charset=utf-8'],
    ['avatar.svg', 'image/svg+xml'],
  ])('serves web/%s as %s', async (file, type) => {
    const res = await server.inject({ method: 'GET', url: `/web/${file}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.etag).toMatch(/^"[\w-]{22}"$/);
  });

  it('answers 304 when the browser already has the current version', async () => {
    const first = await server.inject({ method: 'GET', url: '/web/app.js' });
    const again = await server.inject({
      method: 'GET',
      url: '/web/app.js',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it.each([
    '/web/../package.json',
    '/web/..%2Fpackage.json',
    '/web/%2e%2e%2fsrc%2fapp.ts',
    '/web/missing.js',
    '/web/',
    '/package.json',
  ])('never serves anything outside the whitelist: %s', async (url) => {
    const res = await server.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('"dependencies"');
  });

  it('answers HEAD without a body', async () => {
    const res = await server.inject({ method: 'HEAD', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });
});

describe('findWebDir', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'careline-root-'));
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'web'));
    writeFileSync(join(root, 'web', 'index.html'), '<!doctype html>');
    mkdirSync(join(root, 'dist', 'src', 'http'), { recursive: true });
    writeFileSync(join(root, 'dist', 'package.json'), '{}');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds web/ from a built module under dist/src/, past a package.json copied into dist/', () => {
    expect(findWebDir(join(root, 'dist', 'src', 'http', 'simulator-route.js'))).toBe(join(root, 'web'));
  });

  it("finds this repository's web/ from the source module", () => {
    expect(findWebDir()).toBe(join(process.cwd(), 'web'));
  });

  it('fails clearly when there is no web/ folder above', () => {
    expect(() => findWebDir(join(tmpdir(), 'nowhere', 'x.js'))).toThrow(/web\/index.html/);
  });
});
