export interface ConfigProblem {
  variable: string;
  problem: string;
  fix: string;
}

/** Thrown at start when the configuration is invalid; the message lists every problem and its fix. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      [
        `CareLine cannot start: ${problems.length} configuration problem(s).`,
        ...problems.map((p) => `  - ${p.variable}: ${p.problem}. Fix: ${p.fix}.`),
        'Set these in the environment or in .env (see .env.example).',
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}
