/** The outcome of one operator check: what was checked, how it went, and how to fix it. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

const SYMBOL: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };

/** One line: symbol, name, reason and (when something is wrong) the fix. */
export function formatCheck(result: CheckResult): string {
  const fix = result.fix && result.status !== 'ok' ? `. Fix: ${result.fix}` : '';
  return `${SYMBOL[result.status]} ${result.name}: ${result.detail}${fix}`;
}

export function failed(results: CheckResult[]): boolean {
  return results.some((r) => r.status === 'fail');
}
