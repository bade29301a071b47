import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../helpers/app-server.js';
import { type Browser, launchChromium, SCREENSHOT_DIR } from '../helpers/browser.js';
import { findLowContrast } from './contrast.js';
import type { InPage } from './in-page.js';

// The whole path in a real browser: the page served by the real app, the real /api/chat and handlers,
// the replies rendered as LINE would show them. Screenshots go to test-results/ for people to look at.

let running: RunningApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `simulator-${name}.png`) });
const replyCount = async () => Number((await page.locator('#chat-log').getAttribute('data-replies')) ?? 0);

/** Types a message, sends it with Enter and returns CareLine's reply once it is on screen. */
async function say(text: string): Promise<Locator> {
  const before = await replyCount();
  await page.locator('#composer-input').fill(text);
  await page.locator('#composer-input').press('Enter');
  return reply(before);
}

/** The rows of the reply after reply number `before`, once the typing indicator is gone. */
async function reply(before: number): Promise<Locator> {
  const rows = page.locator(`#chat-log [data-reply="${before + 1}"]`);
  await rows.first().waitFor();
  await page.locator('.chat-row--typing').waitFor({ state: 'detached' });
  return rows;
}

beforeAll(async () => {
  running = await startApp();
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${running.baseUrl}/`);
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('chat simulator in Chromium against the real app', () => {
  it("opens with CareLine's welcome card, a labelled composer and a live message log", async () => {
    await expect(page.title()).resolves.toContain('CareLine');
    await expect(page.locator('h1').textContent()).resolves.toBe('CareLine 失智照護小幫手');
    await expect(page.getByLabel('輸入訊息').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: '傳送' }).count()).resolves.toBe(1);
    await expect(page.locator('[role=log]').getAttribute('aria-live')).resolves.toBe('polite');
    const welcome = await reply(0);
    await expect(welcome.locator('.flex-block--header').first().textContent()).resolves.toContain('歡迎');
    await expect(page.locator('.message-text--user').count()).resolves.toBe(0);
    await shot('01-welcome');
  });

  it("answers a warning sign with the memory card, the caregiver's words and next-step quick replies", async () => {
    const rows = await say('我媽媽剛吃完飯，過十分鐘又問我什麼時候要吃飯，最近常常這樣');
    await expect(page.locator('.message-text--user').last().textContent()).resolves.toContain('剛吃完飯');
    const cards = rows.locator('.flex-bubble');
    await expect(cards.first().locator('.flex-block--header').textContent()).resolves.toContain('記憶減退');
    await expect(rows.textContent()).resolves.toContain('您提到');
    await expect(rows.textContent()).resolves.toContain('本服務僅供參考，無法取代專業醫療診斷');
    await expect(page.locator('#quick-replies .quick-reply').count()).resolves.toBeGreaterThan(2);
    await shot('02-warning-sign');
  });

  it('keeps a sensible keyboard order with a visible focus ring', async () => {
    const active = () => page.evaluate(() => (globalThis as InPage).document.activeElement?.className ?? '');
    await page.locator('#composer-input').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await active()).toContain('quick-reply');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as InPage).document.activeElement?.id)).toBe('composer-send');
    const ring = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as InPage;
      const style = getComputedStyle(document.activeElement);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(ring).toBe('solid 3px');
    const cardButton = page.locator('.message-flex .flex-button').first();
    await cardButton.focus();
    expect(await cardButton.evaluate((el) => (globalThis as InPage).getComputedStyle(el).outlineStyle)).toBe('solid');
    await page.locator('#composer-input').focus();
  });

  it('answers a BPSD message with the delusion card and coping strategies', async () => {
    const rows = await say('媽媽一直說我偷她的錢，每天翻找錢包，我解釋她更生氣，該怎麼跟她相處？');
    await expect(rows.locator('.flex-block--header').first().textContent()).resolves.toContain('妄想');
    await shot('03-bpsd');
  });

  it('puts the safety card first for a missing parent, with a working tel:110 link', async () => {
    const rows = await say('爸爸從今天早上出門到現在都沒回來，手機也沒帶，到處都找不到人');
    const first = rows.first();
    await expect(first.locator('.flex-block--header').textContent()).resolves.toContain('走失');
    const call = first.locator('a[href="tel:110"]');
    await expect(call.count()).resolves.toBe(1);
    await expect(call.textContent()).resolves.toContain('110');
    await expect(call.getAttribute('target')).resolves.toBeNull();
    // Nothing on the page cancels the tap, so a phone would dial; stop the navigation only afterwards.
    await page.evaluate(() => {
      const win = globalThis as InPage;
      win.document.addEventListener('click', (event: InPage) => {
        const link = event.target.closest('a');
        win.lastTap = {
          href: link?.getAttribute('href'),
          prevented: event.defaultPrevented,
        };
        event.preventDefault();
      });
    });
    await call.click();
    await expect(page.evaluate(() => (globalThis as InPage).lastTap)).resolves.toEqual({
      href: 'tel:110',
      prevented: false,
    });
    await shot('04-red-flag');
  });

  it('sends a quick reply and shows the ten warning signs as a carousel that scrolls', async () => {
    const before = await replyCount();
    await page.locator('#quick-replies .quick-reply', { hasText: '看十大警訊' }).click();
    const rows = await reply(before);
    await expect(page.locator('.message-text--user').last().textContent()).resolves.toBe('看十大警訊');
    const carousel = rows.locator('.flex-carousel');
    await expect(carousel.locator('.flex-bubble').count()).resolves.toBe(10);
    expect(await carousel.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await expect(rows.getByRole('button', { name: '上一張卡片' }).isHidden()).resolves.toBe(true);
    await rows.getByRole('button', { name: '下一張卡片' }).click();
    await expect.poll(() => carousel.evaluate((el) => el.scrollLeft)).toBeGreaterThan(200);
    await shot('05-quick-reply-overview');
  });

  it('sends a postback button and shows what it opens', async () => {
    const rows = await say('爸爸最近常常忘記剛剛說過的話，一直重複問同一件事');
    const before = await replyCount();
    await rows.getByRole('button', { name: '這不符合我的情況' }).first().click();
    const answer = await reply(before);
    await expect(page.locator('.message-text--user').last().textContent()).resolves.toBe('這不符合我的情況');
    await expect(answer.textContent()).resolves.toContain('謝謝您告訴我們');
    await shot('06-postback-feedback');
  });

  it('shows an error with a retry when the server fails, and the retry succeeds', async () => {
    await page.route('**/api/chat', (route) => route.fulfill({ status: 500, body: '{}' }), { times: 1 });
    await page.locator('#composer-input').fill('奶奶晚上不睡覺一直想出門');
    await page.locator('#composer-input').press('Enter');
    const notice = page.locator('.chat-notice--error');
    await notice.waitFor();
    await expect(notice.getByRole('alert').textContent()).resolves.toContain('500');
    await expect(page.locator('.chat-row__failed').count()).resolves.toBe(1);
    await shot('07-server-error');
    const before = await replyCount();
    await notice.getByRole('button', { name: '重試' }).click();
    await reply(before);
    await expect(page.locator('.chat-notice--error').count()).resolves.toBe(0);
    await expect(page.locator('.chat-row__failed').count()).resolves.toBe(0);
  });

  it('keeps every text on the page, cards included, at a contrast of at least 4.5:1', async () => {
    const low = await findLowContrast(page, 'body');
    expect(low).toEqual([]);
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
