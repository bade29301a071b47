import { createInterface, type Interface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** The operator closed the input (Ctrl-C, Ctrl-D or the end of piped answers). */
export class InputEnded extends Error {
  constructor() {
    super('input ended');
    this.name = 'InputEnded';
  }
}

/**
 * Line-by-line questions on a terminal or a pipe. Answers typed ahead (or piped all at once) are queued, not
 * lost; hidden questions do not echo what is typed.
 */
export class Prompter {
  private muted = false;
  private readonly queue: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private readonly rl: Interface;

  constructor(
    input: NodeJS.ReadableStream & { isTTY?: boolean },
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
  ) {
    const sink = new Writable({
      write: (chunk, _encoding, callback) => {
        if (!this.muted) out.write(chunk);
        callback();
      },
    });
    this.rl = createInterface({ input, output: sink, terminal: Boolean(input.isTTY && out.isTTY) });
    this.rl.on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(line);
      else this.queue.push(line);
    });
    this.rl.on('SIGINT', () => this.rl.close());
    this.rl.on('close', () => {
      this.ended = true;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.(undefined);
    });
  }

  async ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
    this.out.write(question);
    this.muted = Boolean(options.hidden);
    let line: string | undefined;
    try {
      line = await this.nextLine();
    } finally {
      this.muted = false;
    }
    if (options.hidden) this.out.write('\n');
    if (line === undefined) throw new InputEnded();
    return line.trim();
  }

  /** A yes/no question; Enter gives the default. */
  async confirm(question: string, defaultYes: boolean): Promise<boolean> {
    for (;;) {
      const answer = (await this.ask(`${question} ${defaultYes ? '[Y/n]' : '[y/N]'} `)).toLowerCase();
      if (answer === '') return defaultYes;
      if (['y', 'yes'].includes(answer)) return true;
      if (['n', 'no'].includes(answer)) return false;
    }
  }

  close(): void {
    this.rl.close();
  }

  private nextLine(): Promise<string | undefined> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}
