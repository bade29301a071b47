import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/redis-server.js';
import { tempDir } from './run-command.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

describe('careline serve', () => {
  it('starts the server on the embedded defaults and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(`${root}node_modules/.bin/tsx`, [`${root}src/cli/main.ts`, 'serve'], {
      cwd: dir.path,
      env: { PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const listening = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        log += c.toString();
        if (log.includes('CareLine is listening')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${log}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await listening;
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('up');
      expect(log).toContain(`http://127.0.0.1:${port}/`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(log).toContain('stopped cleanly');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
