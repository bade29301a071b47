// The conversation list: user and bot rows, the typing indicator and notices, kept scrolled into view.

const BOT_NAME = 'CareLine 失智照護小幫手';
const timeFormat = new Intl.DateTimeFormat('zh-TW', { hour: 'numeric', minute: '2-digit' });

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function timeStamp() {
  const now = new Date();
  const time = element('time', 'chat-row__time', timeFormat.format(now));
  time.dateTime = now.toISOString();
  return time;
}

/** @param {HTMLOListElement} list the role=log list; @param {HTMLElement} scroller its scrolling parent */
export function createChatLog(list, scroller) {
  /** Rows of one reply share data-reply="<n>", so a reply can be found as a whole. */
  let replies = 0;
  const append = (row) => {
    list.append(row);
    return row;
  };

  /** Bottom for short additions; for a reply taller than the screen, its first message at the top. */
  const reveal = (first) => {
    const behavior = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
    const top = first.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    const height = scroller.scrollHeight - top;
    if (height > scroller.clientHeight) first.scrollIntoView({ block: 'start', behavior });
    else scroller.scrollTo({ top: scroller.scrollHeight, behavior });
  };

  return {
    /** The caregiver's message (right, green). */
    addUser(text) {
      const row = element('li', 'chat-row chat-row--user');
      const meta = element('div', 'chat-row__meta');
      meta.append(timeStamp());
      const bubble = element('div', 'message-text message-text--user', text);
      row.append(meta, bubble);
      append(row);
      reveal(row);
      return {
        markRead: () => meta.prepend(element('span', 'chat-row__read', '已讀')),
        remove: () => row.remove(),
        markFailed: () => {
          row.classList.add('chat-row--failed');
          meta.prepend(element('span', 'chat-row__failed', '未送出'));
        },
      };
    },

    /** One reply: several message contents, avatar and name on the first, time on the last. */
    addBot(contents) {
      replies += 1;
      list.dataset.replies = String(replies);
      const rows = contents.map((content, index) => {
        const row = element('li', 'chat-row chat-row--bot');
        row.dataset.reply = String(replies);
        if (content.classList.contains('message-flex')) row.classList.add('chat-row--flex');
        if (index === 0) {
          const avatar = element('img', 'chat-row__avatar');
          avatar.src = '/web/avatar.svg';
          avatar.alt = '';
          row.append(avatar, element('span', 'chat-row__name', BOT_NAME));
        }
        const body = element('div', 'chat-row__body');
        body.append(content);
        if (index === contents.length - 1) body.append(timeStamp());
        row.append(body);
        return append(row);
      });
      if (rows[0]) reveal(rows[0]);
    },

    /** A "CareLine is typing" row; returns the function that removes it. */
    showTyping() {
      const row = element('li', 'chat-row chat-row--bot chat-row--typing');
      const avatar = element('img', 'chat-row__avatar');
      avatar.src = '/web/avatar.svg';
      avatar.alt = '';
      const dots = element('div', 'typing-dots');
      dots.setAttribute('role', 'status');
      dots.append(element('span', 'visually-hidden', 'CareLine 正在輸入…'));
      for (let i = 0; i < 3; i += 1) dots.append(element('span', 'typing-dots__dot'));
      row.append(avatar, dots);
      append(row);
      reveal(row);
      return () => row.remove();
    },

    /** A centred system notice, optionally with an action button (e.g. retry). */
    addNotice(text, { tone = 'info', actionLabel, onAction } = {}) {
      const row = element('li', `chat-notice chat-notice--${tone}`);
      const message = element('p', 'chat-notice__text', text);
      if (tone === 'error') message.setAttribute('role', 'alert');
      row.append(message);
      if (actionLabel && onAction) {
        const button = element('button', 'chat-notice__action', actionLabel);
        button.type = 'button';
        button.addEventListener('click', () => {
          row.remove();
          onAction();
        });
        row.append(button);
      }
      append(row);
      reveal(row);
      return row;
    },
  };
}
