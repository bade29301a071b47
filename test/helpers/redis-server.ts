import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private redis-server on a free loopback port, so tests never touch anyone else's data. */
export interface SpawnedRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
  /** Kills the server (as a crash would) and returns a function that starts it again on the same port. */
  kill(): Promise<() => Promise<void>>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function startRedisProcess(port: number, dir: string, extraArgs: string[] = []): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs],
    { stdio: 'ignore' },
  );
}

export async function spawnRedis(): Promise<SpawnedRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'careline-redis-'));
  let proc = startRedisProcess(port, dir);
  await waitForPort(port);
  const stopProc = (p: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await stopProc(proc);
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await stopProc(proc);
      return async () => {
        proc = startRedisProcess(port, dir);
        await waitForPort(port);
      };
    },
  };
}
