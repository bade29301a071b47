import type { CliIO } from './commands/command.js';

/** The real process streams, environment and working directory. */
export function processIo(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Writes a line. */
export function say(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
