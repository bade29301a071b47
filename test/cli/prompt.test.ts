import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputEnded, Prompter } from '../../src/cli/prompt.js';

/** A terminal-like pair: readline echoes what is typed unless the question is hidden. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
  let shown = '';
  output.on('data', (c: Buffer) => {
    shown += c.toString('utf8');
  });
  return { input, output, shown: () => shown };
}

describe('Prompter', () => {
  it('echoes a visible answer on a terminal but never a hidden one', async () => {
    const t = terminal();
    const prompter = new Prompter(t.input, t.output);
    const visible = prompter.ask('Redis URL: ');
    t.input.write('redis://cache:6379\r');
    expect(await visible).toBe('redis://cache:6379');
    const hidden = prompter.ask('Token: ', { hidden: true });
    t.input.write('super-secret-token\r');
    expect(await hidden).toBe('super-secret-token');
    prompter.close();
    expect(t.shown()).toContain('Redis URL: ');
    expect(t.shown()).toContain('redis://cache:6379');
    expect(t.shown()).toContain('Token: ');
    expect(t.shown()).not.toContain('super-secret-token');
  });

  it('keeps answers typed ahead and reads yes/no with a default', async () => {
    const input = new PassThrough();
    const prompter = new Prompter(input, new PassThrough());
    input.write('first\nmaybe\n\n');
    expect(await prompter.ask('? ')).toBe('first');
    // "maybe" is not an answer: asked again, then Enter takes the default.
    expect(await prompter.confirm('Replace?', false)).toBe(false);
    input.end();
    await expect(prompter.ask('? ')).rejects.toBeInstanceOf(InputEnded);
  });
});
