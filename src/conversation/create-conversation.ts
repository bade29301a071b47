import { emptyAnalysis } from '../analysis/empty-analysis.js';
import type { AnalysisResult, Analyzer } from '../analysis/types.js';
import { type RateLimiter, USER_OVER_LIMIT_TEXT } from '../cache/rate-limiter.js';
import type { Cache } from '../cache/types.js';
import { mediaReply, welcomeReply } from '../flex/card-replies.js';
import { type CardIssue, composeReply, type Message } from '../flex/compose-reply.js';
import { unavailableText } from '../flex/plain-text.js';
import { suggestedQuickReplies } from '../flex/quick-replies.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import { shouldEnrich } from '../llm/should-enrich.js';
import type { Enricher, Enrichment } from '../llm/types.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { createFeedbackStore } from './feedback.js';
import { routePostback } from './postback-router.js';
import { createSessionStore, sessionFromAnalysis } from './session.js';
import type { ChatContext, ConversationEvent, ConversationHandler, ConversationReply } from './types.js';

export interface ConversationDeps {
  analyzer: Analyzer;
  kb: KnowledgeBase;
  cache: Cache;
  /** Optional Gemini step; absent in the offline default. Never throws by contract. */
  enricher?: Enricher;
  logger: Logger;
  metrics?: Pick<Metrics, 'feedback' | 'cardFallbacks'>;
  /** Per-user message limit (RATE_LIMIT_USER_PER_MIN); absent = no limit. */
  rateLimiter?: RateLimiter;
  now?: () => number;
}

/**
 * The conversation: turns transport-neutral events (from the webhook or the simulator) into the
 * messages to send. The same handler serves both, so the simulator shows exactly what LINE would get.
 */
export function createConversation(deps: ConversationDeps): ConversationHandler {
  const { analyzer, kb, logger } = deps;
  const now = deps.now ?? Date.now;
  const sessions = createSessionStore(deps.cache);
  const feedback = createFeedbackStore(deps.cache);
  const onIssue: CardIssue = ({ card, reason }) => {
    deps.metrics?.cardFallbacks.inc({ card });
    logger.warn({ card, reason }, 'card replaced by a fallback');
  };

  /** Null when the user may send; otherwise the reply: the notice once (first refusal), then nothing. */
  async function overLimit(chat: ChatContext): Promise<Message[] | null> {
    if (!deps.rateLimiter) return null;
    const decision = await deps.rateLimiter.allow(chat.userHash);
    if (decision.allowed) return null;
    logger.info({ userHash: chat.userHash }, 'user over the message limit');
    return decision.firstRefusal ? [{ type: 'text', text: USER_OVER_LIMIT_TEXT }] : [];
  }

  async function onText(
    text: string,
    analysis: AnalysisResult,
    chat: ChatContext,
    signal?: AbortSignal,
  ): Promise<Message[]> {
    let enrichment: Enrichment | null = null;
    // Red flags never wait on the LLM (shouldEnrich); nor do unrecognised messages (nothing to ground on).
    if (deps.enricher && shouldEnrich(analysis) && analysis.primary !== null) {
      try {
        enrichment = await deps.enricher.enrich({ text, analysis, userHash: chat.userHash, signal });
      } catch (err) {
        logger.warn({ err, userHash: chat.userHash }, 'enrichment failed; answering offline');
      }
    }
    const messages = composeReply({ kb, analysis, enrichment, onIssue });
    if (!analysis.offTopic) {
      await sessions
        .save(chat.userHash, sessionFromAnalysis(analysis, now()))
        .catch((err) => logger.warn({ err, userHash: chat.userHash }, 'session not saved'));
    }
    logger.info(
      {
        userHash: chat.userHash,
        primary: analysis.primary,
        safety: analysis.safety,
        enriched: enrichment !== null,
        messages: messages.length,
      },
      'answered text',
    );
    return messages;
  }

  async function handle(event: ConversationEvent, signal?: AbortSignal): Promise<ConversationReply> {
    const { chat } = event;
    switch (event.type) {
      case 'text': {
        // Group addressing (mention or keyword) is decided by the transport, which strips it from the text.
        const text = event.text.trim();
        try {
          const analysis = text === '' ? emptyAnalysis(kb.version) : analyzer.analyze(text);
          // Safety first: a red flag is answered even when the user is over the message limit.
          if (analysis.safety.length === 0) {
            const refused = await overLimit(chat);
            if (refused) return { messages: refused };
          }
          if (text === '') return { messages: composeReply({ kb, analysis, onIssue }) };
          return { messages: await onText(text, analysis, chat, signal) };
        } catch (err) {
          // A bug in analysis or composition must not leave the caregiver without an answer.
          logger.error({ err, userHash: chat.userHash }, 'text answer failed; sending the plain apology');
          return { messages: [{ type: 'text', text: unavailableText(), quickReply: suggestedQuickReplies() }] };
        }
      }
      case 'postback': {
        const refused = await overLimit(chat);
        if (refused) return { messages: refused };
        const session = await sessions.get(chat.userHash).catch(() => undefined);
        const messages = await routePostback(event.data, {
          kb,
          feedback,
          userHash: chat.userHash,
          session,
          now: now(),
          onIssue,
          onFeedback: (module) => deps.metrics?.feedback.inc({ module }),
        });
        return { messages };
      }
      case 'follow':
        return { messages: welcomeReply(kb, onIssue) };
      case 'unfollow': {
        // Sessions, feedback and every other entry stored under userKey(userHash).
        const removed = await deps.cache.forgetUser(chat.userHash);
        logger.info({ userHash: chat.userHash, removed }, 'unfollow: user data deleted');
        return { messages: [] };
      }
      case 'media':
        return { messages: mediaReply() };
    }
  }

  return { handle };
}
