import type { Page } from 'playwright-core';
import type { InPage } from './in-page.js';

export interface LowContrast {
  text: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * WCAG contrast of every visible piece of text under `selector` against the solid background it sits on
 * (the nearest ancestor with an opaque background colour). Disabled controls are exempt, as in WCAG.
 */
export function findLowContrast(page: Page, selector: string, minimum = 4.5): Promise<LowContrast[]> {
  return page.locator(selector).evaluateAll((roots, min) => {
    const { document, getComputedStyle, NodeFilter } = globalThis as InPage;
    const parse = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    /** Translucent backgrounds are blended over what lies beneath, down to the first opaque one. */
    const backgroundOf = (start: InPage) => {
      const layers: number[][] = [];
      for (let el: InPage = start; el; el = el.parentElement) {
        const [r = 0, g = 0, b = 0, a = 1] = parse(getComputedStyle(el).backgroundColor);
        if (a > 0) layers.push([r, g, b, a]);
        if (a >= 0.99) break;
      }
      let colour = [255, 255, 255];
      for (const [r = 0, g = 0, b = 0, a = 1] of layers.reverse()) {
        colour = [r, g, b].map((c, i) => Math.round(c * a + (colour[i] ?? 0) * (1 - a)));
      }
      return colour;
    };
    const found: { text: string; color: string; background: string; ratio: number }[] = [];
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = node.textContent?.trim() ?? '';
        if (!el || !text || el.closest('[aria-disabled="true"], [hidden], .visually-hidden')) continue;
        if (el.getClientRects().length === 0) continue;
        const fg = parse(getComputedStyle(el).color);
        const bg = backgroundOf(el);
        const [light, dark] = [luminance(fg), luminance(bg)].sort((x, y) => y - x) as [number, number];
        const ratio = (light + 0.05) / (dark + 0.05);
        if (ratio < min) {
          found.push({
            text: text.slice(0, 30),
            color: getComputedStyle(el).color,
            background: `rgb(${bg.join(', ')})`,
            ratio: Math.round(ratio * 100) / 100,
          });
        }
      }
    }
    return found;
  }, minimum);
}
