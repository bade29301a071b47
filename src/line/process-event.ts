import type { ConversationHandler, ConversationReply, OutgoingMessage } from '../conversation/types.js';
import type { IdHasher } from '../log/hash-id.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { EventDeduper } from './dedupe.js';
import { mapWebhookEvent } from './map-event.js';
import type { LineSender } from './sender.js';
import type { WebhookEvent } from './webhook-body.js';

export interface ProcessorDeps {
  handler: ConversationHandler;
  sender: LineSender;
  deduper: EventDeduper;
  logger: Logger;
  metrics: Metrics;
  hashId: IdHasher;
  groupKeyword: string;
  /** Show the loading animation at once (e.g. when Gemini will be called); otherwise after `loadingAfterMs`. */
  loadingAtOnce: boolean;
  loadingAfterMs?: number;
}

const APOLOGY: OutgoingMessage = {
  type: 'text',
  text: '抱歉，我這邊剛剛出了點問題，沒能好好回覆您。請稍後再傳一次訊息給我。',
};

export type EventProcessor = (event: WebhookEvent, receivedAt: number, signal: AbortSignal) => Promise<void>;

/** One webhook event, after the 200: dedupe, map, hand to the conversation handler, send its answer. */
export function createEventProcessor(deps: ProcessorDeps): EventProcessor {
  const { handler, sender, deduper, metrics } = deps;
  const loadingAfterMs = deps.loadingAfterMs ?? 1000;

  return async (e, receivedAt, signal) => {
    const log = deps.logger.child({ webhookEventId: e.webhookEventId, eventType: e.type });
    const count = (outcome: string) => metrics.events.inc({ type: e.type, outcome });
    try {
      if (!(await deduper.firstSeen(e.webhookEventId))) {
        log.info({ isRedelivery: e.deliveryContext.isRedelivery }, 'duplicate event dropped');
        return count('duplicate');
      }
      // In standby another channel owns the chat: send nothing; still forget a user who blocked CareLine.
      if (e.mode !== 'active' && !(e.mode === 'standby' && e.type === 'unfollow')) {
        log.debug({ mode: e.mode }, 'event not in active mode: nothing sent');
        return count('standby');
      }
      const mapped = mapWebhookEvent(e, { hashId: deps.hashId, groupKeyword: deps.groupKeyword });
      if ('ignored' in mapped) {
        log.debug({ reason: mapped.ignored }, 'event ignored');
        return count('ignored');
      }
      const { event } = mapped;
      const chat = event.chat;
      const slow = event.type === 'text' || event.type === 'postback';
      let loadingTimer: NodeJS.Timeout | undefined;
      let loading: Promise<void> | undefined;
      if (slow && chat.chatType === 'user' && e.replyToken && e.mode === 'active') {
        const show = () => {
          loading = sender.showLoading(chat.replyTo, 20, e.webhookEventId);
        };
        if (deps.loadingAtOnce) show();
        else loadingTimer = setTimeout(show, loadingAfterMs);
      }
      let reply: ConversationReply;
      let handlerFailed = false;
      try {
        reply = await handler.handle(event, signal);
      } catch (err) {
        // The caregiver still hears back (free, with the reply token) instead of waiting in silence.
        log.error({ err }, 'conversation handler failed: sending an apology');
        handlerFailed = true;
        reply = { messages: event.type === 'unfollow' ? [] : [APOLOGY] };
      } finally {
        clearTimeout(loadingTimer);
      }
      // The indicator must reach LINE before the answer, or it would linger after it (showLoading never throws).
      await loading;
      if (reply.messages.length > 0 && e.mode === 'active') {
        const result = await sender.send(
          {
            messages: reply.messages,
            to: chat.replyTo,
            receivedAt,
            webhookEventId: e.webhookEventId,
            ...(e.replyToken ? { replyToken: e.replyToken } : {}),
          },
          signal,
        );
        if (result.method === 'none') log.info({ reason: result.reason }, 'answer not sent');
      }
      log.info({ userHash: chat.userHash, chatType: chat.chatType, messages: reply.messages.length }, 'event handled');
      count(handlerFailed ? 'failed' : 'handled');
    } catch (err) {
      log.error({ err }, 'event processing failed');
      count('failed');
    }
  };
}
