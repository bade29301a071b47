/** Thrown when the knowledge base content is invalid; the message lists every problem with its location. */
export class KnowledgeError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        `Knowledge base is invalid: ${problems.length} problem(s).`,
        ...problems.map((p) => `  - ${p}`),
        'Fix the files under src/knowledge/data/content/.',
      ].join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}
