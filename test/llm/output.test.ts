import { describe, expect, it } from 'vitest';
import type { ContextItem } from '../../src/llm/context.js';
import { responseJsonSchema, validateOutput } from '../../src/llm/output.js';

const context: ContextItem[] = [
  { id: 'M3-01', text: '[M3-01] 行為症狀：妄想。' },
  { id: 'M4-ltc', text: '[M4-ltc] 資源：長照。（長照專線，電話 1966）' },
];
const good = { summary: '您辛苦了。', nextSteps: ['先不爭辯', '撥打 1966 問長照'], usedIds: ['M3-01'] };
const check = (value: unknown) => validateOutput(JSON.stringify(value), context);

describe('validateOutput', () => {
  it('accepts a grounded answer and drops duplicate ids', () => {
    const result = check({ ...good, usedIds: ['M3-01', 'M3-01', 'M4-ltc'], followUpQuestion: ' ' });
    expect(result).toEqual({
      ok: true,
      value: {
        summary: '您辛苦了。',
        nextSteps: good.nextSteps,
        usedIds: ['M3-01', 'M4-ltc'],
        followUpQuestion: undefined,
      },
    });
  });

  it.each([
    [{ ...good, usedIds: ['M3-02'] }, 'id_not_in_context'],
    [{ ...good, usedIds: ['M3-13'] }, 'schema'],
    [{ ...good, usedIds: [] }, 'schema'],
    [{ ...good, nextSteps: ['一', '二', '三', '四', '五'] }, 'schema'],
    [{ ...good, summary: '' }, 'schema'],
    [{ ...good, summary: '字'.repeat(121) }, 'schema'],
    [{ ...good, summary: '看起來就是失智症。' }, 'unsafe_content'],
    [{ ...good, nextSteps: ['每天 0.5 毫克', '陪伴'] }, 'unsafe_content'],
    [{ ...good, nextSteps: ['打 0800-123-456', '陪伴'] }, 'unsafe_content'],
  ])('rejects %j as %s', (value, reason) => {
    expect(check(value)).toEqual({ ok: false, reason });
  });

  it('accepts exactly 120 characters and emergency numbers', () => {
    expect(check({ ...good, summary: '字'.repeat(120), nextSteps: ['危急時打 119', '走失打 110'] }).ok).toBe(true);
  });

  it('rejects text that is not JSON', () => {
    expect(validateOutput('```json\n{}', context)).toEqual({ ok: false, reason: 'not_json' });
  });

  it('limits usedIds in the response schema to the context ids', () => {
    const schema = responseJsonSchema(['M3-01']) as { properties: { usedIds: { items: { enum: string[] } } } };
    expect(schema.properties.usedIds.items.enum).toEqual(['M3-01']);
  });
});
