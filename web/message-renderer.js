// Renders one LINE message object (text, flex, or a placeholder for other kinds) as a bot reply.

import { withCarouselControls } from './carousel-controls.js';
import { renderFlex } from './flex-renderer.js';

const URL_PATTERN = /https?:\/\/[^\s<>"'）」]+/g;

const PLACEHOLDERS = {
  sticker: '〔貼圖〕',
  image: '〔圖片〕',
  video: '〔影片〕',
  audio: '〔語音訊息〕',
  location: '〔位置資訊〕',
  imagemap: '〔圖文訊息〕',
  template: '〔範本訊息〕',
};

/** @returns {HTMLElement} the message's content, without the avatar/time chrome around it */
export function renderMessage(message, context) {
  if (message?.type === 'flex') {
    const wrapper = document.createElement('div');
    wrapper.className = 'message-flex';
    wrapper.setAttribute('role', 'group');
    wrapper.setAttribute('aria-label', String(message.altText ?? '卡片訊息'));
    const flex = renderFlex(message.contents, context);
    wrapper.append(message.contents.type === 'carousel' ? withCarouselControls(flex) : flex);
    return wrapper;
  }
  if (message?.type === 'text') return textBubble(String(message.text ?? ''));
  const placeholder = textBubble(PLACEHOLDERS[message?.type] ?? '〔無法顯示的訊息〕');
  placeholder.classList.add('message-text--placeholder');
  return placeholder;
}

/** A plain text bubble; web addresses become links, as in LINE. */
export function textBubble(text) {
  const bubble = document.createElement('div');
  bubble.className = 'message-text';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    bubble.append(text.slice(last, match.index));
    const link = document.createElement('a');
    link.href = match[0];
    link.textContent = match[0];
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    bubble.append(link);
    last = match.index + match[0].length;
  }
  bubble.append(text.slice(last));
  return bubble;
}
