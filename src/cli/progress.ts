/**
 * Shows that a slow check is running. On a terminal the line counts seconds and is erased when the check
 * ends; elsewhere (logs, CI, tests) one "… label" line is written.
 */
export function startProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string): () => void {
  if (!stream.isTTY) {
    stream.write(`… ${label}\n`);
    return () => {};
  }
  const started = Date.now();
  const draw = () => stream.write(`\r\x1b[K… ${label} (${Math.floor((Date.now() - started) / 1000)}s)`);
  draw();
  const timer = setInterval(draw, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    stream.write('\r\x1b[K');
  };
}
