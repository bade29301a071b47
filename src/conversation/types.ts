import type { messagingApi } from '@line/bot-sdk';

export type OutgoingMessage = messagingApi.Message;

/** Where an event came from, with ids already hashed for logs; raw ids stay in `replyTo`. */
export interface ChatContext {
  /** 'user' for 1:1 chats, 'group' / 'room' otherwise. */
  chatType: 'user' | 'group' | 'room';
  /** Raw LINE id to push to (userId, groupId or roomId). Never logged. */
  replyTo: string;
  /** Hashed id of the user (or the chat when the user id is absent): for logs and storage keys. */
  userHash: string;
}

/** A transport-neutral event: the webhook and the simulator page both produce these. */
export type ConversationEvent =
  | { type: 'text'; text: string; chat: ChatContext }
  | { type: 'postback'; data: string; params?: Record<string, string>; chat: ChatContext }
  | { type: 'follow'; chat: ChatContext }
  | { type: 'unfollow'; chat: ChatContext }
  | { type: 'media'; mediaType: 'sticker' | 'image' | 'audio' | 'video' | 'file' | 'location'; chat: ChatContext };

export interface ConversationReply {
  /** At most 5 messages; empty means nothing to send. */
  messages: OutgoingMessage[];
}

export interface ConversationHandler {
  handle(event: ConversationEvent, signal?: AbortSignal): Promise<ConversationReply>;
}
