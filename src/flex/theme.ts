/** The one visual theme every card shares: colours (#RRGGBB), spacing and type sizes. */
export const theme = {
  /** Text colours keep a contrast of at least 4.5:1 (WCAG AA) on white and on their tone's soft background. */
  colour: {
    text: '#1F2933',
    muted: '#616E7C',
    faint: '#6B7785',
    brand: '#267559',
    brandSoft: '#E6F4EE',
    danger: '#C62828',
    dangerSoft: '#FDECEA',
    warning: '#B45309',
    warningSoft: '#FEF3C7',
    calm: '#1E6FA8',
    calmSoft: '#E8F1FA',
    ai: '#6B4FA0',
    aiSoft: '#F1ECF9',
    separator: '#E4E7EB',
    white: '#FFFFFF',
  },
  space: { tight: 'xs', small: 'sm', normal: 'md', wide: 'lg' },
  size: { title: 'lg', heading: 'md', body: 'sm', note: 'xs', tiny: 'xxs' },
  bubbleSize: 'mega',
} as const;

export type Tone = 'brand' | 'danger' | 'warning' | 'calm' | 'ai';

export function toneColours(tone: Tone): { strong: string; soft: string } {
  const c = theme.colour;
  switch (tone) {
    case 'danger':
      return { strong: c.danger, soft: c.dangerSoft };
    case 'warning':
      return { strong: c.warning, soft: c.warningSoft };
    case 'calm':
      return { strong: c.calm, soft: c.calmSoft };
    case 'ai':
      return { strong: c.ai, soft: c.aiSoft };
    default:
      return { strong: c.brand, soft: c.brandSoft };
  }
}
