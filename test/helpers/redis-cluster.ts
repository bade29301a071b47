import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRedisProcess } from './redis-server.js';

const run = promisify(execFile);

/** A private three-master Redis Cluster on loopback (no replicas), for tests only. */
export interface SpawnedCluster {
  ports: number[];
  /** `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`, the REDIS_CLUSTER_NODES form. */
  nodes: string;
  stop(): Promise<void>;
  /** Kills every node (as a crash would); the returned function starts them again and waits for cluster_state:ok. */
  killAll(): Promise<() => Promise<void>>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`redis cluster: ${what} timed out`);
    await sleep(100);
  }
}

const clusterOk = (ports: number[]) => async () => {
  for (const port of ports) {
    if (!(await cli(port, 'cluster', 'info')).includes('cluster_state:ok')) return false;
  }
  return true;
};

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (port + 10000, fixed before Redis 7) is free too. */
async function freeClusterPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await canListen(port)) && (await canListen(port + 10_000))) return port;
  }
}

export async function spawnRedisCluster(size = 3): Promise<SpawnedCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'careline-cluster-'));
  const ports: number[] = [];
  while (ports.length < size) {
    const port = await freeClusterPort();
    if (!ports.includes(port)) ports.push(port);
  }
  let procs: ChildProcess[] = [];
  const startAll = () => {
    procs = ports.map((port) =>
      startRedisProcess(port, dir, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '2000',
      ]),
    );
  };
  const stopAll = () =>
    Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            p.once('exit', () => resolve());
            p.kill('SIGKILL');
          }),
      ),
    );

  startAll();
  await waitFor(
    async () => (await Promise.all(ports.map((p) => cli(p, 'ping')))).every((r) => r.trim() === 'PONG'),
    'start',
  );
  await run('redis-cli', [
    '--cluster',
    'create',
    ...ports.map((p) => `127.0.0.1:${p}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  await waitFor(clusterOk(ports), 'cluster_state:ok');

  return {
    ports,
    nodes: ports.map((p) => `127.0.0.1:${p}`).join(','),
    async stop() {
      await stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
    async killAll() {
      await stopAll();
      return async () => {
        startAll();
        await waitFor(clusterOk(ports), 'cluster_state:ok after restart');
      };
    },
  };
}
