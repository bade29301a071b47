// Turns LINE action objects into real, keyboard-usable elements.

const LINK_SCHEMES = new Set(['tel:', 'https:', 'http:']);

/** The href for a uri action that a browser can follow (tap-to-call and web pages); otherwise undefined. */
export function linkHref(action) {
  if (action?.type !== 'uri' || typeof action.uri !== 'string') return undefined;
  try {
    const url = new URL(action.uri);
    return LINK_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Actions the page performs itself: message and postback go to the server, clipboard copies. */
function isHandled(action) {
  return action?.type === 'message' || action?.type === 'postback' || action?.type === 'clipboard';
}

/**
 * An interactive element for `action`: an <a> for links, a <button> for message/postback/clipboard
 * (`block` makes a focusable div with role=button instead, for boxes that hold other elements),
 * and a disabled control for actions a browser cannot perform (camera, date picker, line: links).
 */
export function createActionElement(action, onAction, { block = false } = {}) {
  const href = linkHref(action);
  if (href) {
    const link = document.createElement('a');
    link.href = href;
    if (!href.startsWith('tel:')) {
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    }
    return link;
  }
  const element = document.createElement(block ? 'div' : 'button');
  if (block) {
    element.setAttribute('role', 'button');
    element.tabIndex = 0;
  } else {
    element.type = 'button';
  }
  if (!isHandled(action)) {
    element.setAttribute('aria-disabled', 'true');
    element.title = '模擬器無法執行這個動作';
    return element;
  }
  const run = (event) => {
    event.preventDefault();
    event.stopPropagation();
    if (action.type === 'clipboard') navigator.clipboard?.writeText(String(action.clipboardText ?? ''));
    else onAction(action);
  };
  element.addEventListener('click', run);
  if (block) {
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') run(event);
    });
  }
  return element;
}
