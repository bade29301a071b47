/**
 * What a CLI command reads and writes. Commands never touch `process` directly, so tests run them in-process
 * with their own streams, environment and working directory.
 */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Directory holding `.env`. */
  cwd: string;
}

/** One `careline` sub-command: returns the process exit code. */
export interface CliCommand {
  summary: string;
  run(argv: string[], io?: CliIo): Promise<number>;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Writes a line. */
export function say(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}

/** Thrown for wrong usage (unknown flag, missing argument); the dispatcher prints it with exit code 64. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
