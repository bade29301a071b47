import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { KnowledgeBase } from '../knowledge/schema.js';
import { TAXONOMY } from '../knowledge/taxonomy.js';
import { requireBearer } from './admin-auth.js';

const MODULES = [
  { id: 'M1', name: TAXONOMY.M1.name.zh, items: (kb: KnowledgeBase) => kb.m1 },
  { id: 'M2', name: TAXONOMY.M2.name.zh, items: (kb: KnowledgeBase) => kb.m2 },
  { id: 'M3', name: TAXONOMY.M3.name.zh, items: (kb: KnowledgeBase) => kb.m3 },
  { id: 'M4', name: TAXONOMY.M4.name.zh, items: (kb: KnowledgeBase) => kb.m4 },
  { id: 'safety', name: TAXONOMY.safety.name.zh, items: (kb: KnowledgeBase) => kb.safety },
] as const;

/**
 * GET /modules/status: the knowledge modules, how many items each holds and the knowledge version.
 * `?details=true` (admin) adds every item's id and name and the source list.
 */
export function registerModulesStatusRoute(
  server: FastifyInstance,
  knowledge: KnowledgeBase,
  adminToken: string | undefined,
): void {
  const admin = requireBearer(adminToken);
  const summary = {
    knowledgeVersion: knowledge.version,
    modules: MODULES.map((m) => ({ id: m.id, name: m.name, items: m.items(knowledge).length })),
    sources: knowledge.sources.length,
  };

  server.get<{ Querystring: { details?: string } }>(
    '/modules/status',
    {
      preHandler: async (request: FastifyRequest<{ Querystring: { details?: string } }>, reply: FastifyReply) => {
        if (request.query.details === 'true') await admin(request, reply);
      },
    },
    async (request) => {
      if (request.query.details !== 'true') return summary;
      return {
        ...summary,
        modules: MODULES.map((m) => ({
          id: m.id,
          name: m.name,
          items: m.items(knowledge).map((item) => ({ id: item.id, name: item.name })),
        })),
        sources: knowledge.sources.map(({ id, publisher, title }) => ({ id, publisher, title })),
      };
    },
  );
}
