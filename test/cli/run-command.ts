import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from '../../src/cli/commands/command.js';

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh working directory (where `.env` lives) for one test. */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'careline-cli-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Runs a command in-process with its own streams, environment and directory; `input` lines are typed on stdin. */
export async function runCommand(
  command: Command,
  argv: string[],
  options: { env?: Record<string, string | undefined>; cwd: string; input?: string[] },
): Promise<CommandOutput> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  stdin.end(options.input ? `${options.input.join('\n')}\n` : '');
  const code = await command.run(argv, { stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd });
  return { code, stdout: out, stderr: err };
}
