import type { ChatContext, ConversationEvent } from '../conversation/types.js';
import type { IdHasher } from '../log/hash-id.js';
import type { MessageEvent, WebhookEvent } from './webhook-body.js';

export type MappedEvent = { event: ConversationEvent } | { ignored: string };

export interface MapOptions {
  hashId: IdHasher;
  /** Text starting with this word addresses CareLine in a group or room. */
  groupKeyword: string;
}

const MEDIA = ['sticker', 'image', 'audio', 'video', 'file', 'location'] as const;
const isMedia = (type: string): type is (typeof MEDIA)[number] => (MEDIA as readonly string[]).includes(type);

/** Turns one LINE webhook event into a transport-neutral ConversationEvent, or says why it is ignored. */
export function mapWebhookEvent(e: WebhookEvent, opts: MapOptions): MappedEvent {
  const chat = chatContext(e, opts.hashId);
  if (!chat) return { ignored: 'no usable source' };
  switch (e.type) {
    case 'message': {
      const message = (e as MessageEvent).message;
      if (message.type === 'text') {
        const text =
          chat.chatType === 'user' ? (message.text ?? '') : addressedText(e as MessageEvent, opts.groupKeyword);
        if (text === undefined) return { ignored: 'group message not addressed to CareLine' };
        // A bare mention or keyword stays an (empty) question: the handler answers it with what CareLine offers.
        return { event: { type: 'text', text, chat } };
      }
      if (isMedia(message.type) && chat.chatType === 'user') {
        return { event: { type: 'media', mediaType: message.type, chat } };
      }
      return { ignored: `${message.type} message in ${chat.chatType} chat` };
    }
    case 'postback': {
      const { data, params } = (e as Extract<WebhookEvent, { type: 'postback' }>).postback;
      return { event: { type: 'postback', data, ...(params ? { params } : {}), chat } };
    }
    case 'follow':
      return chat.chatType === 'user' ? { event: { type: 'follow', chat } } : { ignored: 'follow outside 1:1' };
    case 'unfollow':
      return chat.chatType === 'user' ? { event: { type: 'unfollow', chat } } : { ignored: 'unfollow outside 1:1' };
    default:
      return { ignored: `event type ${e.type}` };
  }
}

function chatContext(e: WebhookEvent, hashId: IdHasher): ChatContext | undefined {
  const s = e.source;
  if (!s) return undefined;
  const chatType = s.type === 'user' || s.type === 'group' || s.type === 'room' ? s.type : undefined;
  const replyTo = chatType === 'user' ? s.userId : chatType === 'group' ? s.groupId : s.roomId;
  if (!chatType || !replyTo) return undefined;
  return { chatType, replyTo, userHash: hashId(s.userId ?? replyTo) };
}

/**
 * In a group or room, CareLine answers only when mentioned or when the text starts with the keyword; the
 * mention or keyword is removed from the text it analyses. Undefined = not addressed to CareLine.
 */
function addressedText(e: MessageEvent, keyword: string): string | undefined {
  const text = e.message.text ?? '';
  const self = (e.message.mention?.mentionees ?? []).filter((m) => m.isSelf === true);
  if (self.length > 0) {
    let stripped = text;
    for (const m of [...self].sort((a, b) => b.index - a.index)) {
      stripped = stripped.slice(0, m.index) + stripped.slice(m.index + m.length);
    }
    return stripLeading(stripped);
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith(keyword)) return stripLeading(trimmed.slice(keyword.length));
  return undefined;
}

function stripLeading(text: string): string {
  return text.replace(/^[\s,，、:：!！]+/u, '').trim();
}
