import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../helpers/app-server.js';
import { type Browser, launchChromium, SCREENSHOT_DIR } from '../helpers/browser.js';
import { blocksBubble, carousel, nanoBubble, oddCarousel, ratioBubble } from './fixtures/flex-samples.js';
import type { InPage } from './in-page.js';

// The renderer runs in real Chromium with the page's own style sheets; each fixture is rendered into
// its own slot at the width of the chat column.

let running: RunningApp;
let browser: Browser;
let page: Page;

async function render(name: string, container: object): Promise<void> {
  await page.evaluate(
    ({ name, container }) => {
      const slot = (globalThis as InPage).document.createElement('div');
      slot.dataset.fixture = name;
      slot.style.width = '326px';
      slot.style.margin = '8px';
      const win = globalThis as InPage;
      slot.append(win.renderFlex(container, { onAction: (action: object) => win.actions.push(action) }));
      (globalThis as InPage).document.body.append(slot);
    },
    { name, container },
  );
}

beforeAll(async () => {
  running = await startApp();
  browser = await launchChromium();
  page = await browser.context.newPage();
  // The page's own chat is not under test here: keep its welcome request from reaching the server.
  await page.route('**/api/chat', (route) => route.abort());
  await page.goto(`${running.baseUrl}/`);
  await page.evaluate(
    `Promise.all([import('/web/flex-renderer.js'), import('/web/message-renderer.js')]).then(([flex, message]) => {
      window.renderFlex = flex.renderFlex;
      window.renderMessage = message.renderMessage;
      window.actions = [];
      document.body.replaceChildren();
      document.body.style.display = 'block';
    })`,
  );
  await render('ratio', ratioBubble);
  await render('blocks', blocksBubble);
  await render('nano', nanoBubble);
  await render('carousel', carousel);
  await render('odd', oddCarousel);
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'flex-renderer-fixtures.png'), fullPage: true });
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

const box = (selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { width: r.width, height: r.height, left: r.left, top: r.top };
  });
/** A computed style property of the first element `target` matches. */
const styleOf = (target: Locator, property: string): Promise<string> =>
  target.evaluate((el, p) => (globalThis as InPage).getComputedStyle(el).getPropertyValue(p), property);
const css = (selector: string, property: string) => styleOf(page.locator(selector), property);

describe('flex renderer in Chromium', () => {
  const ratio = '[data-fixture=ratio]';

  it('lays out box layouts with their classes', async () => {
    await expect(page.locator(`${ratio} .flex-box--horizontal`).count()).resolves.toBe(1);
    await expect(page.locator(`${ratio} .flex-box--baseline`).count()).resolves.toBe(1);
    expect(await css(`${ratio} .flex-box--horizontal`, 'flex-direction')).toBe('row');
    expect(await css(`${ratio} .flex-block--body > .flex-box`, 'flex-direction')).toBe('column');
    expect(await css(`${ratio} .flex-box--baseline`, 'align-items')).toBe('baseline');
  });

  it('shares a horizontal box by flex ratio 1 : 2', async () => {
    const texts = page.locator(`${ratio} .flex-box--horizontal > .flex-text`);
    expect(await texts.nth(0).evaluate((el) => el.style.flex)).toBe('1 0 0px');
    expect(await texts.nth(1).evaluate((el) => el.style.flex)).toBe('2 0 0px');
    const [one, two] = await texts.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
    expect(two! / one!).toBeGreaterThan(1.9);
    expect(two! / one!).toBeLessThan(2.1);
    const row = await box(`${ratio} .flex-box--horizontal`);
    expect(one! + two! + 1).toBeCloseTo(row.width, 0);
  });

  it('keeps icons at their keyword size without growing', async () => {
    const icon = `${ratio} .flex-box--baseline > .flex-icon`;
    expect(await css(icon, 'flex-grow')).toBe('0');
    expect((await box(icon)).height).toBe(14);
  });

  it('draws a separator in a horizontal box as a vertical line in its colour', async () => {
    const separator = `${ratio} .flex-box--horizontal > .flex-separator`;
    expect(await css(separator, 'border-left-width')).toBe('1px');
    expect(await css(separator, 'border-left-color')).toBe('rgb(204, 0, 0)');
    expect((await box(separator)).height).toBeGreaterThan(15);
  });

  it('applies parent spacing between children and lets a child margin override it', async () => {
    const children = `${ratio} .flex-block--body > .flex-box > *`;
    const margins = await page
      .locator(children)
      .evaluateAll((els) => els.map((el) => (globalThis as InPage).getComputedStyle(el).marginTop as string));
    expect(margins).toEqual(['0px', '16px', '8px', '8px']);
  });

  it('styles text: size, weight, colour, alignment, ellipsis and line clamp', async () => {
    const texts = page.locator(`${ratio} .flex-box--horizontal > .flex-text`);
    expect(await styleOf(texts.nth(0), 'font-weight')).toBe('700');
    expect(await styleOf(texts.nth(0), 'color')).toBe('rgb(30, 107, 58)');
    expect(await styleOf(texts.nth(1), 'font-size')).toBe('22px');
    expect(await styleOf(texts.nth(1), 'text-align')).toBe('end');
    const oneLine = `${ratio} .flex-box--baseline > .flex-text`;
    expect(await css(oneLine, 'white-space')).toBe('nowrap');
    expect(await css(oneLine, 'text-overflow')).toBe('ellipsis');
    expect(await page.locator(oneLine).evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const clamped = `${ratio} .flex-text--clamped`;
    expect(await css(clamped, '-webkit-line-clamp')).toBe('2');
  });

  it('renders spans as text only, never as markup', async () => {
    const spans = page.locator(`${ratio} .flex-text--clamped > span`);
    await expect(spans.count()).resolves.toBe(2);
    expect(await styleOf(spans.nth(0), 'font-weight')).toBe('700');
    expect(await spans.nth(1).textContent()).toBe('<img src=x onerror="window.__pwned=1">');
    expect(await styleOf(spans.nth(1), 'text-decoration-line')).toBe('underline');
    expect(await page.locator(`${ratio} .flex-text img`).count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as InPage).__pwned)).toBeUndefined();
  });

  it('draws box padding, corner radius, border and background', async () => {
    const panel = `${ratio} .flex-block--body > .flex-box > .flex-box--vertical`;
    expect(await css(panel, 'padding-top')).toBe('13px');
    expect(await css(panel, 'border-top-left-radius')).toBe('8px');
    expect(await css(panel, 'border-top-width')).toBe('2px');
    expect(await css(panel, 'border-top-color')).toBe('rgb(0, 85, 170)');
    expect(await css(panel, 'background-color')).toBe('rgb(255, 244, 229)');
  });

  it('renders buttons by style, with a tel: link, a postback and a message action', async () => {
    const buttons = `${ratio} .flex-block--footer .flex-button`;
    const call = page.locator(buttons).nth(0);
    expect(await call.evaluate((el) => el.tagName)).toBe('A');
    expect(await call.getAttribute('href')).toBe('tel:110');
    expect(await styleOf(call, 'background-color')).toBe('rgb(198, 40, 40)');
    expect(await call.textContent()).toBe('撥打 110');
    const secondary = page.locator(buttons).nth(1);
    expect(await secondary.evaluate((el) => el.getBoundingClientRect().height)).toBe(40);
    expect(await call.evaluate((el) => el.getBoundingClientRect().height)).toBe(52);
    await secondary.click();
    await page.locator(buttons).nth(2).click();
    expect(await page.evaluate(() => (globalThis as InPage).actions)).toEqual([
      { type: 'postback', label: '看下一個警訊', data: 'v1|sign|2', displayText: '看下一個警訊' },
      { type: 'message', label: '怎麼帶去看醫生', text: '怎麼帶去看醫生' },
    ]);
    expect(await styleOf(page.locator(buttons).nth(2), 'color')).toBe('rgb(66, 101, 154)');
  });

  it('never turns a javascript: uri into a link', async () => {
    const unsafe = page.locator(`${ratio} .flex-block--footer .flex-button`).nth(3);
    expect(await unsafe.evaluate((el) => el.tagName)).toBe('BUTTON');
    expect(await unsafe.getAttribute('href')).toBeNull();
    expect(await unsafe.getAttribute('aria-disabled')).toBe('true');
  });

  it('draws block styles: footer separator and body background', async () => {
    expect(await css(`${ratio} .flex-block--footer`, 'border-top-color')).toBe('rgb(0, 170, 0)');
    expect(await css(`${ratio} .flex-block--footer`, 'border-top-width')).toBe('1px');
    expect(await css(`${ratio} .flex-block--body`, 'background-color')).toBe('rgb(250, 250, 250)');
  });

  it('renders header, hero and body in order with a full-width hero of the given aspect ratio', async () => {
    const blocks = await page
      .locator('[data-fixture=blocks] .flex-block')
      .evaluateAll((els) => els.map((el) => el.className.split(' ')[1]));
    expect(blocks).toEqual(['flex-block--header', 'flex-block--hero', 'flex-block--body']);
    expect(await css('[data-fixture=blocks] .flex-block--header', 'background-color')).toBe('rgb(176, 0, 32)');
    const hero = await box('[data-fixture=blocks] .flex-image__frame');
    const bubble = await box('[data-fixture=blocks] .flex-bubble');
    expect(bubble.width).toBe(260);
    expect(hero.width).toBe(260);
    expect(hero.height).toBeCloseTo(169, 0);
  });

  it('centres a flex 0 text between two fillers', async () => {
    const text = await box('[data-fixture=blocks] .flex-block--body .flex-text');
    const body = await box('[data-fixture=blocks] .flex-block--body > .flex-box');
    expect(Math.abs(text.left + text.width / 2 - (body.left + body.width / 2))).toBeLessThan(1);
  });

  it('caps bubble width by size', async () => {
    expect((await box('[data-fixture=nano] .flex-bubble')).width).toBe(120);
    expect((await box('[data-fixture=ratio] .flex-bubble')).width).toBe(300);
  });

  it('makes a whole bubble tappable and skips component types it does not know', async () => {
    const bubble = page.locator('[data-fixture=odd] .flex-bubble');
    expect(await bubble.getAttribute('role')).toBe('button');
    expect(await bubble.getAttribute('tabindex')).toBe('0');
    expect(await bubble.locator('.flex-text').textContent()).toBe('整張卡都可以點');
    expect(await bubble.locator('.flex-box > *').count()).toBe(2);
    await bubble.press('Enter');
    const actions = await page.evaluate(() => (globalThis as InPage).actions);
    expect(actions.at(-1)).toEqual({ type: 'message', label: '打開', text: '打開這張卡' });
  });

  it('renders a text message as text, turning only web addresses into links', async () => {
    const rendered = await page.evaluate(() => {
      const win = globalThis as InPage;
      const text = '請看 https://1966.gov.tw/ <b>粗體</b> javascript:alert(1)';
      const el = win.renderMessage({ type: 'text', text }, { onAction: () => {} });
      return {
        text: el.textContent,
        links: Array.from(el.querySelectorAll('a'), (a: InPage) => a.getAttribute('href')),
        bold: el.querySelectorAll('b').length,
      };
    });
    expect(rendered).toEqual({
      text: '請看 https://1966.gov.tw/ <b>粗體</b> javascript:alert(1)',
      links: ['https://1966.gov.tw/'],
      bold: 0,
    });
  });

  it('lays a carousel out in a row that scrolls horizontally', async () => {
    const scroller = page.locator('[data-fixture=carousel] .flex-carousel');
    expect(await scroller.getAttribute('aria-roledescription')).toBe('輪播');
    const widths = await page
      .locator('[data-fixture=carousel] .flex-bubble')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
    expect(widths).toEqual([300, 300, 300]);
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const scrolled = await scroller.evaluate((el) => {
      el.scrollTo({ left: 600, behavior: 'instant' });
      return el.scrollLeft;
    });
    expect(scrolled).toBeGreaterThan(300);
  });
});
