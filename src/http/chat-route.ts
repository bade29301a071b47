import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConversationEvent, ConversationHandler } from '../conversation/types.js';
import type { IdHasher } from '../log/hash-id.js';
import { BadRequestError } from './errors.js';

const sessionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .optional();

/** `{text}` a typed message, `{postback}` a tapped button's data, `{event:'follow'}` the welcome on open. */
export const chatRequestSchema = z.union([
  z.object({ text: z.string().trim().min(1).max(5000), sessionId }).strict(),
  z.object({ postback: z.string().min(1).max(300), sessionId }).strict(),
  z.object({ event: z.literal('follow'), sessionId }).strict(),
]);

export interface ChatRouteDeps {
  conversation: ConversationHandler;
  hashId: IdHasher;
}

/**
 * POST /api/chat: the simulator's way in. It runs the very same ConversationHandler as the webhook (as a
 * 1:1 chat of a simulator user) and returns the messages that would go to LINE.
 */
export function registerChatRoute(server: FastifyInstance, { conversation, hashId }: ChatRouteDeps): void {
  server.post('/api/chat', async (request, reply) => {
    const parsed = chatRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      throw new BadRequestError('Send {"text": "..."}, {"postback": "..."} or {"event": "follow"}.', {
        issues: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
      });
    }
    const body = parsed.data;
    const chat = {
      chatType: 'user' as const,
      replyTo: 'simulator',
      userHash: hashId(`simulator:${body.sessionId ?? 'default'}`),
    };
    const event: ConversationEvent =
      'text' in body
        ? { type: 'text', text: body.text, chat }
        : 'postback' in body
          ? { type: 'postback', data: body.postback, chat }
          : { type: 'follow', chat };
    const ac = new AbortController();
    // The browser went away before the answer: stop waiting on the optional LLM step.
    reply.raw.once('close', () => {
      if (!reply.raw.writableEnded) ac.abort();
    });
    const { messages } = await conversation.handle(event, ac.signal);
    return { messages };
  });
}
