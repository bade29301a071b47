import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: root, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function inProcess(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await runCli(args, { stdin: new PassThrough(), stdout, stderr, env: {}, cwd: process.cwd() });
  return { code, out, err };
}

describe('careline CLI', () => {
  it('analyze --jsonl answers one JSON line per input line, in order', async () => {
    const lines = [
      '我爸早上出門到現在還沒回來，附近都找過了',
      '',
      '今天天氣很好',
      '婆婆確診中度失智，這樣還能維持多久',
    ];
    const { code, stdout } = await run(['analyze', '--jsonl'], `${lines.join('\n')}\n`);
    expect(code).toBe(0);
    const results = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results).toHaveLength(4);
    expect(results[0].safety).toEqual(['missing_person']);
    expect(results[1]).toMatchObject({ primary: null, offTopic: true });
    expect(results[2]).toMatchObject({ primary: null, offTopic: true });
    expect(results[3]).toMatchObject({ primary: 'M2', m2: { id: 'moderate' } });
  });

  it('analyze prints a readable summary, or the result with --json', async () => {
    const text = await inProcess(['analyze', '媽媽最近常常把鑰匙放進冰箱']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('primary  M1');
    expect(text.out).toContain('M1-07');
    const json = await inProcess(['analyze', '--json', '媽媽最近常常把鑰匙放進冰箱']);
    expect(JSON.parse(json.out).m1[0].id).toBe('M1-07');
  });

  it('eval prints the metrics table and the misses of a labelled file', async () => {
    const file = fileURLToPath(new URL('./fixtures/own-messages.jsonl', import.meta.url));
    const { code, out } = await inProcess(['eval', file]);
    expect(code).toBe(0);
    expect(out).toMatch(/primary accuracy\s+\d\.\d{3}/);
    expect(out).toContain('safety recall');
    const json = await inProcess(['eval', file, '--json']);
    const parsed = JSON.parse(json.out);
    expect(parsed.count).toBe(45);
    expect(parsed.metrics.find((m: { name: string }) => m.name === 'primary accuracy').value).toBeGreaterThan(0.8);
  });

  it('help lists the commands; unknown commands and missing arguments fail with usage', async () => {
    const help = await inProcess(['help']);
    expect(help.out).toContain('analyze');
    expect(help.out).toContain('eval');
    expect((await inProcess(['nope'])).code).toBe(2);
    const missing = await inProcess(['analyze']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('usage: careline analyze');
  });
});
