import { m1Reply, m2Reply, m4Reply, overviewReply } from '../flex/card-replies.js';
import type { CardIssue, Message } from '../flex/compose-reply.js';
import { decodePostback, type PostbackCommand } from '../flex/postback.js';
import { suggestedQuickReplies } from '../flex/quick-replies.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import type { FeedbackStore } from './feedback.js';
import type { Session } from './session.js';

export interface PostbackContext {
  kb: KnowledgeBase;
  feedback: FeedbackStore;
  userHash: string;
  session: Session | undefined;
  now: number;
  onIssue?: CardIssue;
  onFeedback?: (module: string) => void;
}

const EXPIRED: Message = {
  type: 'text',
  text: '這個按鈕已經失效了。請再告訴我一次家人的狀況，或點下方的選項。',
  quickReply: suggestedQuickReplies(),
};

/** Routes every postback a card or quick reply can produce to the reply it promises. */
export async function routePostback(data: string, ctx: PostbackContext): Promise<Message[]> {
  const cmd: PostbackCommand | null = decodePostback(data);
  if (!cmd) return [EXPIRED];
  const { kb, onIssue } = ctx;
  switch (cmd.kind) {
    case 'overview':
      return overviewReply(kb, onIssue);
    case 'm1':
      return m1Reply(kb, cmd.id, onIssue);
    case 'm2': {
      const estimate = ctx.session?.m2 ?? undefined;
      return m2Reply(kb, { shown: cmd.id ?? estimate ?? 'very_mild', ...(estimate ? { estimate } : {}) }, onIssue);
    }
    case 'm4':
      return m4Reply(kb, cmd.id, onIssue);
    case 'feedback': {
      const { entry, duplicate } = await ctx.feedback.record(ctx.userHash, cmd.id, ctx.session, ctx.now);
      if (!duplicate) ctx.onFeedback?.(entry.module);
      return [
        {
          type: 'text',
          text: duplicate
            ? '我們已經收到您的回饋了，謝謝您。'
            : '謝謝您告訴我們，這會幫助 CareLine 改進。\n可以再多描述一點家人的狀況，我重新幫您看看。',
          quickReply: suggestedQuickReplies(),
        },
      ];
    }
  }
}
