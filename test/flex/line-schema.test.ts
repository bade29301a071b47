import { describe, expect, it } from 'vitest';
import {
  checkLineLimits,
  lineProblems,
  validateCallbackRequest,
  validateFlexMessage,
  validateMessages,
  validatePushRequest,
} from '../helpers/line-schema.js';

const button = (label: string, data = 'v1|x') => ({
  type: 'button',
  action: { type: 'postback', label, data },
});

const flex = (body: unknown, altText = '測試卡片') => ({
  type: 'flex',
  altText,
  contents: { type: 'bubble', body },
});

const goodBody = {
  type: 'box',
  layout: 'vertical',
  contents: [{ type: 'text', text: '您好', wrap: true, color: '#333333' }, button('看十大警訊')],
};

const quickItems = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    type: 'action',
    action: { type: 'message', label: `問題${i}`, text: `問題${i}` },
  }));

describe('LINE schema helper', () => {
  it('accepts a well-formed flex message with quick replies', () => {
    const msg = { ...flex(goodBody), quickReply: { items: quickItems(3) } };
    expect(validateFlexMessage(msg)).toEqual({ valid: true, errors: [] });
    expect(lineProblems([msg])).toEqual([]);
    expect(validatePushRequest({ to: 'U1', messages: [msg] }).valid).toBe(true);
  });

  it('rejects a bad layout enum deep inside a bubble', () => {
    const bad = flex({ ...goodBody, contents: [{ type: 'box', layout: 'diagonal', contents: [] }] });
    const r = validateMessages([bad]);
    expect(r.valid).toBe(false);
    expect(r.errors.join('\n')).toMatch(/layout|allowed values/);
  });

  it('rejects postback data over 300 characters', () => {
    const bad = flex({ ...goodBody, contents: [button('太長', 'x'.repeat(301))] });
    expect(validateMessages([bad]).valid).toBe(false);
    expect(checkLineLimits([bad])).toContainEqual(expect.stringMatching(/data: over 300/));
  });

  it('rejects a button without action', () => {
    const bad = flex({ ...goodBody, contents: [{ type: 'button', style: 'primary' }] });
    expect(validateMessages([bad]).valid).toBe(false);
    expect(checkLineLimits([bad])).toContainEqual(expect.stringMatching(/action: required/));
  });

  it('rejects six messages', () => {
    const six = Array.from({ length: 6 }, () => ({ type: 'text', text: '嗨' }));
    expect(validateMessages(six).valid).toBe(false);
    expect(checkLineLimits(six)).toContain('6 messages (at most 5)');
  });

  it('rejects fourteen quick replies', () => {
    const msg = { type: 'text', text: '嗨', quickReply: { items: quickItems(14) } };
    expect(validateMessages([msg]).valid).toBe(false);
    expect(checkLineLimits([msg])).toContainEqual(expect.stringMatching(/14 items/));
  });

  it('checks the limits the spec leaves out', () => {
    const longLabel = '一'.repeat(21);
    const problems = checkLineLimits([
      { type: 'text', text: '  ' },
      flex(
        {
          type: 'box',
          layout: 'baseline',
          contents: [{ type: 'text' }, button('好'), { type: 'text', text: 'x', color: 'red' }],
        },
        'a'.repeat(401),
      ),
      {
        type: 'text',
        text: 'ok',
        quickReply: { items: [{ type: 'action', action: { type: 'message', label: longLabel, text: 'x' } }] },
      },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'messages[0].text: empty',
        'messages[1].altText: over 400 characters',
        'messages[1].contents.body.contents[0]: text needs text or contents',
        expect.stringMatching(/baseline box may hold only/),
        expect.stringMatching(/color: not a hex colour/),
        'messages[2].quickReply.items[0].action.label: over 20 characters',
      ]),
    );
  });

  it('counts labels in grapheme clusters, not UTF-16 units', () => {
    const family = '👨‍👩‍👧'.repeat(20); // 20 graphemes, far more code units
    const msg = {
      type: 'text',
      text: 'ok',
      quickReply: { items: [{ type: 'action', action: { type: 'message', label: family, text: 'x' } }] },
    };
    expect(checkLineLimits([msg])).toEqual([]);
  });

  it('rejects carousels with mixed bubble sizes and over 12 bubbles', () => {
    const bubble = (size: string) => ({ type: 'bubble', size, body: goodBody });
    const msg = {
      type: 'flex',
      altText: '卡片',
      contents: { type: 'carousel', contents: [...Array.from({ length: 12 }, () => bubble('kilo')), bubble('mega')] },
    };
    const problems = checkLineLimits([msg]);
    expect(problems).toContain('messages[0]: 13 bubbles (at most 12)');
    expect(problems).toContain('messages[0]: bubbles of different sizes in one carousel');
  });

  it('validates webhook bodies, including nested message content', () => {
    const event = {
      type: 'message',
      mode: 'active',
      timestamp: 1,
      source: { type: 'user', userId: 'U1' },
      webhookEventId: '01H',
      deliveryContext: { isRedelivery: false },
      replyToken: 'r',
      message: { type: 'text', id: '1', text: 'hi', quoteToken: 'q' },
    };
    expect(validateCallbackRequest({ destination: `U${'0'.repeat(32)}`, events: [event] }).valid).toBe(true);
    const noQuote = { ...event, message: { type: 'text', id: '1', text: 'hi' } };
    expect(validateCallbackRequest({ destination: `U${'0'.repeat(32)}`, events: [noQuote] }).valid).toBe(false);
  });
});
