import { createHash } from 'node:crypto';
import context from '../knowledge/data/lexicon/context.json' with { type: 'json' };
import m1 from '../knowledge/data/lexicon/m1.json' with { type: 'json' };
import m2 from '../knowledge/data/lexicon/m2.json' with { type: 'json' };
import m3 from '../knowledge/data/lexicon/m3.json' with { type: 'json' };
import m4 from '../knowledge/data/lexicon/m4.json' with { type: 'json' };
import safety from '../knowledge/data/lexicon/safety.json' with { type: 'json' };
import { type Lexicon, lexiconSchema } from './lexicon-schema.js';

export class LexiconError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid lexicon:\n${issues.join('\n')}`);
    this.name = 'LexiconError';
  }
}

/** Validates raw lexicon data; throws `LexiconError` listing every problem with its path. */
export function parseLexicon(raw: unknown): Lexicon {
  const parsed = lexiconSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LexiconError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

/** The lexicon shipped with CareLine (src/knowledge/data/lexicon), validated. */
export function loadLexicon(): Lexicon {
  return parseLexicon({ m1, m2, m3, m4, safety, context });
}

/** Short content hash of a lexicon: changes whenever a cue, weight or pattern changes. */
export function lexiconVersion(lexicon: Lexicon): string {
  return createHash('sha256').update(JSON.stringify(lexicon)).digest('hex').slice(0, 12);
}
