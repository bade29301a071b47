// Renders a LINE Flex container (bubble or carousel) into DOM the way the LINE app lays it out.
// Data only ever reaches the page through textContent, attributes and CSSOM — never as HTML.

import { createActionElement, linkHref } from './flex-actions.js';
import * as units from './flex-units.js';

const BLOCKS = ['header', 'hero', 'body', 'footer'];
const GRAVITY = { top: 'flex-start', bottom: 'flex-end', center: 'center' };
const ALIGN = { start: 'flex-start', end: 'flex-end', center: 'center' };
const FLEXIBLE = new Set(['box', 'text', 'button', 'image', 'filler']);

/**
 * @param {object} container a FlexBubble or FlexCarousel
 * @param {{onAction: (action: object) => void}} context called for message and postback actions
 */
export function renderFlex(container, context) {
  if (container?.type === 'carousel') return renderCarousel(container, context);
  if (container?.type === 'bubble') return renderBubble(container, context);
  throw new TypeError(`not a flex container: ${container?.type}`);
}

function renderCarousel(carousel, context) {
  const bubbles = Array.isArray(carousel.contents) ? carousel.contents : [];
  const element = document.createElement('div');
  element.className = 'flex-carousel';
  element.setAttribute('role', 'region');
  element.setAttribute('aria-roledescription', '輪播');
  element.setAttribute('aria-label', `卡片輪播，共 ${bubbles.length} 張，可左右捲動`);
  element.tabIndex = 0;
  bubbles.forEach((bubble, index) => {
    const item = renderBubble(bubble, context);
    // A tappable bubble keeps its button or link role; the others are labelled groups.
    if (!item.hasAttribute('role') && item.tagName !== 'A') {
      item.setAttribute('role', 'group');
      item.setAttribute('aria-label', `第 ${index + 1} 張，共 ${bubbles.length} 張`);
    }
    element.append(item);
  });
  return element;
}

function renderBubble(bubble, context) {
  const element = bubble.action
    ? createActionElement(bubble.action, context.onAction, { block: true })
    : document.createElement('div');
  const size = Object.hasOwn(units.BUBBLE_WIDTH, bubble.size) ? bubble.size : 'mega';
  element.classList.add('flex-bubble', `flex-bubble--${size}`);
  if (bubble.direction === 'rtl') element.dir = 'rtl';
  for (const name of BLOCKS) {
    const content = bubble[name];
    if (!content) continue;
    const block = document.createElement('div');
    block.className = `flex-block flex-block--${name}`;
    if (name === 'body' && bubble.footer) block.classList.add('flex-block--before-footer');
    const style = bubble.styles?.[name];
    setStyle(block, 'backgroundColor', units.color(style?.backgroundColor));
    if (style?.separator && name !== 'header') {
      block.classList.add('flex-block--separated');
      setStyle(block, 'borderTopColor', units.color(style.separatorColor));
    }
    block.append(renderComponent(content, context, 'block', 0));
    element.append(block);
  }
  return element;
}

/** @param {string} parentLayout the containing box's layout, or 'block' for a bubble block's root */
function renderComponent(component, context, parentLayout, index, spacing) {
  const render = Object.hasOwn(RENDERERS, component?.type) ? RENDERERS[component.type] : undefined;
  const element = render ? render(component, context, parentLayout) : document.createElement('div');
  applyCommon(element, component ?? {}, parentLayout, index, spacing);
  return element;
}

const RENDERERS = {
  box: renderBox,
  text: renderText,
  button: renderButton,
  image: renderImage,
  icon: renderIcon,
  separator: renderSeparator,
  filler: () => classed(document.createElement('div'), 'flex-filler'),
  spacer: renderSpacer,
  video: (video, context, parentLayout) =>
    video.altContent ? renderComponent(video.altContent, context, parentLayout, 0) : document.createElement('div'),
};

function renderBox(box, context) {
  const element = box.action
    ? createActionElement(box.action, context.onAction, { block: true })
    : document.createElement('div');
  const layout = ['horizontal', 'vertical', 'baseline'].includes(box.layout) ? box.layout : 'vertical';
  element.classList.add('flex-box', `flex-box--${layout}`);
  const spacing = units.space(box.spacing);
  (Array.isArray(box.contents) ? box.contents : []).forEach((child, index) => {
    element.append(renderComponent(child, context, layout, index, spacing));
  });
  const s = (property, value) => setStyle(element, property, value);
  s('backgroundColor', units.color(box.backgroundColor));
  s('borderColor', units.color(box.borderColor));
  s('borderWidth', units.borderWidth(box.borderWidth));
  s('borderRadius', units.cornerRadius(box.cornerRadius));
  s('width', units.length(box.width));
  s('maxWidth', units.length(box.maxWidth));
  s('height', units.length(box.height));
  s('maxHeight', units.length(box.maxHeight));
  s('padding', units.space(box.paddingAll, true));
  s('paddingTop', units.space(box.paddingTop, true));
  s('paddingBottom', units.space(box.paddingBottom, true));
  s('paddingInlineStart', units.space(box.paddingStart, true));
  s('paddingInlineEnd', units.space(box.paddingEnd, true));
  s('justifyContent', box.justifyContent);
  s('alignItems', box.alignItems);
  s('backgroundImage', gradient(box.background));
  return element;
}

function gradient(background) {
  if (background?.type !== 'linearGradient') return undefined;
  const start = units.color(background.startColor);
  const end = units.color(background.endColor);
  if (!start || !end) return undefined;
  const angle = /^-?\d+(\.\d+)?deg$/.test(background.angle ?? '') ? background.angle : '0deg';
  const center = units.color(background.centerColor);
  const at = units.length(background.centerPosition) ?? '50%';
  return `linear-gradient(${angle}, ${start}${center ? `, ${center} ${at}` : ''}, ${end})`;
}

function renderText(text, context) {
  const element = text.action
    ? createActionElement(text.action, context.onAction, { block: true })
    : document.createElement('div');
  element.classList.add('flex-text');
  const spans = Array.isArray(text.contents) ? text.contents.filter((span) => span?.type === 'span') : [];
  if (spans.length) {
    for (const span of spans) element.append(renderSpan(span));
  } else {
    element.textContent = String(text.text ?? '');
  }
  if (text.wrap) element.classList.add('flex-text--wrap');
  if (text.wrap && Number.isInteger(text.maxLines) && text.maxLines > 0) {
    element.classList.add('flex-text--clamped');
    element.style.webkitLineClamp = String(text.maxLines);
  }
  styleType(element, text);
  setStyle(element, 'textAlign', { start: 'start', end: 'end', center: 'center' }[text.align]);
  if (text.lineSpacing) setStyle(element, 'lineHeight', lineHeight(text.lineSpacing));
  return element;
}

function lineHeight(lineSpacing) {
  const extra = units.length(lineSpacing);
  return extra?.endsWith('px') ? `calc(1em + ${extra})` : undefined;
}

function renderSpan(span) {
  const element = document.createElement('span');
  element.textContent = String(span.text ?? '');
  styleType(element, span);
  return element;
}

/** Font size, weight, style, colour and decoration shared by text and span. */
function styleType(element, item) {
  setStyle(element, 'fontSize', units.fontSize(item.size));
  setStyle(element, 'color', units.color(item.color));
  if (item.weight === 'bold') element.style.fontWeight = '700';
  if (item.style === 'italic') element.style.fontStyle = 'italic';
  setStyle(element, 'textDecorationLine', { underline: 'underline', 'line-through': 'line-through' }[item.decoration]);
}

function renderButton(button, context) {
  const element = createActionElement(button.action, context.onAction);
  const style = ['primary', 'secondary', 'link'].includes(button.style) ? button.style : 'link';
  element.classList.add('flex-button', `flex-button--${style}`);
  if (button.height === 'sm') element.classList.add('flex-button--sm');
  const label = document.createElement('span');
  label.className = 'flex-button__label';
  label.textContent = String(button.action?.label ?? '');
  element.append(label);
  const tint = units.color(button.color);
  if (style === 'link') setStyle(element, 'color', tint);
  else setStyle(element, 'backgroundColor', tint);
  return element;
}

function renderImage(image, context) {
  const wrapper = image.action
    ? createActionElement(image.action, context.onAction, { block: true })
    : document.createElement('div');
  wrapper.classList.add('flex-image');
  setStyle(wrapper, 'justifyContent', ALIGN[image.align]);
  const frame = document.createElement('div');
  frame.className = 'flex-image__frame';
  setStyle(frame, 'width', units.imageSize(image.size ?? 'md'));
  setStyle(frame, 'aspectRatio', units.aspectRatio(image.aspectRatio) ?? '1 / 1');
  setStyle(frame, 'backgroundColor', units.color(image.backgroundColor));
  const url = safeImageUrl(image.url);
  if (url) {
    const img = document.createElement('img');
    img.src = url;
    img.alt = image.action?.label ? String(image.action.label) : '';
    img.loading = 'lazy';
    img.referrerPolicy = 'no-referrer';
    if (image.aspectMode === 'cover') img.classList.add('flex-image__img--cover');
    img.addEventListener('error', () => frame.classList.add('flex-image__frame--missing'), { once: true });
    frame.append(img);
  }
  wrapper.append(frame);
  return wrapper;
}

function renderIcon(icon) {
  const img = document.createElement('img');
  img.className = 'flex-icon';
  img.alt = '';
  const url = safeImageUrl(icon.url);
  img.referrerPolicy = 'no-referrer';
  img.addEventListener('error', () => img.classList.add('flex-icon--missing'), { once: true });
  if (url) img.src = url;
  const size = units.iconSize(icon.size ?? 'md');
  setStyle(img, 'height', size);
  setStyle(img, 'aspectRatio', units.aspectRatio(icon.aspectRatio) ?? '1 / 1');
  return img;
}

function renderSeparator(separator, _context, parentLayout) {
  const element = classed(document.createElement('div'), 'flex-separator');
  element.setAttribute('role', 'separator');
  if (parentLayout !== 'vertical') element.setAttribute('aria-orientation', 'vertical');
  setStyle(element, 'borderColor', units.color(separator.color));
  return element;
}

function renderSpacer(spacer, _context, parentLayout) {
  const element = classed(document.createElement('div'), 'flex-spacer');
  setStyle(element, parentLayout === 'vertical' ? 'height' : 'width', units.space(spacer.size ?? 'md'));
  return element;
}

function safeImageUrl(url) {
  return linkHref({ type: 'uri', uri: url })?.startsWith('https:') ? new URL(url).href : undefined;
}

/** flex, margin / parent spacing, gravity, position and offsets — the properties every component shares. */
function applyCommon(element, component, parentLayout, index, spacing) {
  if (parentLayout === 'block') return;
  const along = parentLayout === 'vertical' ? 'marginTop' : 'marginInlineStart';
  const margin = units.space(component.margin) ?? (index > 0 ? spacing : undefined);
  setStyle(element, along, margin);

  // Only box, text, button, image and filler take part in flex sharing; icons and separators keep their size.
  const grows = FLEXIBLE.has(component.type) && parentLayout !== 'vertical' ? 1 : 0;
  const ratio = FLEXIBLE.has(component.type) && Number.isInteger(component.flex) && component.flex >= 0;
  const share = ratio ? component.flex : component.type === 'filler' ? 1 : grows;
  element.style.flex = share === 0 ? '0 0 auto' : parentLayout === 'vertical' ? `${share} 0 auto` : `${share} 0 0px`;
  if (parentLayout !== 'baseline') setStyle(element, 'alignSelf', GRAVITY[component.gravity]);

  if (component.position === 'absolute') element.style.position = 'absolute';
  setStyle(element, 'top', units.space(component.offsetTop, true));
  setStyle(element, 'bottom', units.space(component.offsetBottom, true));
  setStyle(element, 'insetInlineStart', units.space(component.offsetStart, true));
  setStyle(element, 'insetInlineEnd', units.space(component.offsetEnd, true));
}

function setStyle(element, property, value) {
  if (value !== undefined && value !== null && value !== '') element.style[property] = value;
}

function classed(element, className) {
  element.className = className;
  return element;
}
