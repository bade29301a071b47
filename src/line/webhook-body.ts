import { z } from 'zod';

/**
 * The webhook body as CareLine reads it (LINE's CallbackRequest). Objects stay loose: LINE adds fields, enum
 * values and event types without notice, so unknown ones pass and are ignored later. Fields CareLine relies on
 * are checked; a body that breaks them is answered 400.
 */
const source = z.looseObject({
  type: z.string(),
  userId: z.string().min(1).optional(),
  groupId: z.string().min(1).optional(),
  roomId: z.string().min(1).optional(),
});

const mentionee = z.looseObject({
  type: z.string(),
  index: z.number().int().min(0),
  length: z.number().int().min(0),
  isSelf: z.boolean().optional(),
});

const common = {
  type: z.string().min(1),
  mode: z.string().min(1),
  timestamp: z.number(),
  webhookEventId: z.string().min(1).max(128),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }),
  source: source.optional(),
  replyToken: z.string().min(1).optional(),
};

const messageEvent = z.looseObject({
  ...common,
  type: z.literal('message'),
  message: z.looseObject({
    id: z.string().min(1),
    type: z.string().min(1),
    text: z.string().optional(),
    mention: z.looseObject({ mentionees: z.array(mentionee) }).optional(),
  }),
});

const postbackEvent = z.looseObject({
  ...common,
  type: z.literal('postback'),
  postback: z.looseObject({
    data: z.string(),
    params: z.record(z.string(), z.string()).optional(),
  }),
});

const otherEvent = z.looseObject(common).refine((e) => e.type !== 'message' && e.type !== 'postback', {
  message: 'message and postback events need their payload',
});

const event = z.union([messageEvent, postbackEvent, otherEvent]);

export const webhookBodySchema = z.looseObject({
  destination: z.string().min(1),
  events: z.array(event),
});

export type WebhookBody = z.infer<typeof webhookBodySchema>;
export type WebhookEvent = z.infer<typeof event>;
export type MessageEvent = z.infer<typeof messageEvent>;
export type PostbackEvent = z.infer<typeof postbackEvent>;
