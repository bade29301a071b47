// Quick-reply chips above the input: LINE shows only the last message's, and hides them after a tap.

import { createActionElement, linkHref } from './flex-actions.js';

/** @param {HTMLElement} bar the chip container; @param {(action: object) => void} onAction */
export function createQuickReplies(bar, onAction) {
  const clear = () => {
    bar.replaceChildren();
    bar.hidden = true;
  };

  return {
    clear,
    /** Shows the items of `quickReply` (or hides the bar when there are none). */
    show(quickReply) {
      clear();
      const items = Array.isArray(quickReply?.items) ? quickReply.items : [];
      for (const item of items) {
        const action = item?.action;
        if (!action?.label) continue;
        const chip = createActionElement(action, (chosen) => {
          clear();
          onAction(chosen);
        });
        chip.classList.add('quick-reply');
        const image = linkHref({ type: 'uri', uri: item.imageUrl });
        if (image?.startsWith('https:')) {
          const icon = document.createElement('img');
          icon.className = 'quick-reply__icon';
          icon.src = image;
          icon.alt = '';
          chip.append(icon);
        }
        chip.append(String(action.label));
        bar.append(chip);
      }
      bar.hidden = bar.childElementCount === 0;
      bar.scrollLeft = 0;
    },
  };
}
