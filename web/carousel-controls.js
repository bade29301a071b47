// Previous / next buttons over a carousel, for mouse and keyboard users (LINE on phones uses swipes).

/** Within this many pixels of an end counts as being at it (focus and snapping nudge the scroll). */
const EDGE = 12;

function arrowButton(direction, label) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `carousel-arrow carousel-arrow--${direction}`;
  button.setAttribute('aria-label', label);
  button.textContent = direction === 'previous' ? '‹' : '›';
  return button;
}

/** Wraps a rendered .flex-carousel with arrow buttons that scroll it one bubble at a time. */
export function withCarouselControls(carousel) {
  const frame = document.createElement('div');
  frame.className = 'carousel-frame';
  const previous = arrowButton('previous', '上一張卡片');
  const next = arrowButton('next', '下一張卡片');
  const step = () => (carousel.firstElementChild?.getBoundingClientRect().width ?? 300) + 8;
  const scroll = (sign) => {
    const rtl = getComputedStyle(carousel).direction === 'rtl' ? -1 : 1;
    const behavior = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
    carousel.scrollBy({ left: sign * rtl * step(), behavior });
  };
  previous.addEventListener('click', () => scroll(-1));
  next.addEventListener('click', () => scroll(1));
  const update = () => {
    const max = carousel.scrollWidth - carousel.clientWidth;
    const at = Math.abs(carousel.scrollLeft);
    previous.hidden = at <= EDGE;
    next.hidden = at >= max - EDGE;
  };
  carousel.addEventListener('scroll', update, { passive: true });
  new ResizeObserver(update).observe(carousel);
  frame.append(carousel, previous, next);
  return frame;
}
