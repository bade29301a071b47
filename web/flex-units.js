// LINE Flex keyword values in CSS pixels, as the LINE app draws them.

const SPACE = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const FONT = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
const IMAGE = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, '3xl': 180, '4xl': 200, '5xl': 220 };
const BORDER = { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 };

/** Bubble widths: LINE caps each size at these widths. */
export const BUBBLE_WIDTH = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 };

const LENGTH = /^-?\d+(\.\d+)?(px|%)$/;

function fromTable(table, value, allowPercent) {
  if (value === undefined || value === null) return undefined;
  if (Object.hasOwn(table, value)) return `${table[value]}px`;
  if (typeof value === 'string' && LENGTH.test(value) && (allowPercent || value.endsWith('px'))) return value;
  return undefined;
}

/** spacing, margin, padding and offsets: keyword or px (padding and offsets also take %). */
export const space = (value, allowPercent = false) => fromTable(SPACE, value, allowPercent);
export const fontSize = (value) => fromTable(FONT, value, false);
/** Icons scale with the text they sit in: the same keyword table as fonts. */
export const iconSize = (value) => fromTable(FONT, value, false);
export const imageSize = (value) => (value === 'full' ? '100%' : fromTable(IMAGE, value, true));
export const borderWidth = (value) => fromTable(BORDER, value, false);
export const cornerRadius = (value) => fromTable(SPACE, value, false);
/** width, height, maxWidth, maxHeight: px or %. */
export const length = (value) => (typeof value === 'string' && LENGTH.test(value) ? value : undefined);

const HEX = /^#([0-9a-f]{6}|[0-9a-f]{8})$/i;
/** Only #RRGGBB / #RRGGBBAA reach the style sheet. */
export const color = (value) => (typeof value === 'string' && HEX.test(value) ? value : undefined);

/** "16:9" → "16 / 9" for CSS aspect-ratio. */
export function aspectRatio(value) {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(value) : null;
  return match ? `${match[1]} / ${match[2]}` : undefined;
}
