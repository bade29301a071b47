// Wires the simulator page: the composer, the chat log, quick replies and card actions.

import { ChatRequestError, postChat } from './chat-api.js';
import { createChatLog } from './chat-log.js';
import { renderMessage, textBubble } from './message-renderer.js';
import { createQuickReplies } from './quick-replies.js';

const form = document.getElementById('composer');
const input = document.getElementById('composer-input');
const sendButton = document.getElementById('composer-send');
const log = createChatLog(document.getElementById('chat-log'), document.getElementById('chat-scroll'));
const quickReplies = createQuickReplies(document.getElementById('quick-replies'), perform);
/** Requests go one at a time, in the order the caregiver sent them (LINE never blocks typing). */
let queue = Promise.resolve();

/** One conversation per browser tab: the server keeps follow-up context (and feedback) per session. */
function sessionId() {
  const key = 'careline-simulator-session';
  const fresh = () =>
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    const id = sessionStorage.getItem(key) ?? fresh();
    sessionStorage.setItem(key, id);
    return id;
  } catch {
    return fresh();
  }
}
const session = sessionId();

/** What a tapped button or quick reply does: message sends its text, postback its data. */
function perform(action) {
  if (action.type === 'message') void send({ text: String(action.text ?? '') }, String(action.text ?? ''));
  if (action.type === 'postback') void send({ postback: String(action.data ?? '') }, action.displayText);
}

function render(message) {
  try {
    return renderMessage(message, { onAction: perform });
  } catch (error) {
    console.error('could not render message', error);
    return textBubble('〔這則訊息無法顯示〕');
  }
}

function updateSendButton() {
  sendButton.setAttribute('aria-disabled', String(input.value.trim() === ''));
}

/** Sends one request; `shown` is what appears as the caregiver's message (none for a silent postback). */
function send(body, shown) {
  quickReplies.clear();
  const entry = shown ? log.addUser(shown) : undefined;
  queue = queue.then(() => exchange(body, shown, entry));
  return queue;
}

async function exchange(body, shown, entry) {
  const stopTyping = log.showTyping();
  try {
    const messages = await postChat({ ...body, sessionId: session });
    stopTyping();
    entry?.markRead();
    // Chips first: they shrink the chat area, and the reply is scrolled into what is left.
    quickReplies.show(messages.at(-1)?.quickReply);
    if (messages.length === 0) log.addNotice('CareLine 沒有回覆這則訊息。');
    log.addBot(messages.map(render));
  } catch (error) {
    stopTyping();
    entry?.markFailed();
    const text = error instanceof ChatRequestError ? error.message : 'CareLine 發生未預期的錯誤。';
    log.addNotice(`${text}請再試一次。`, {
      tone: 'error',
      actionLabel: '重試',
      onAction: () => {
        entry?.remove();
        void send(body, shown);
      },
    });
    if (!(error instanceof ChatRequestError)) console.error(error);
  }
}

function submit() {
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  resizeInput();
  void send({ text }, text);
}

function resizeInput() {
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
  updateSendButton();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
  input.focus();
});
input.addEventListener('input', resizeInput);
input.addEventListener('keydown', (event) => {
  // Enter sends, Shift+Enter adds a line; never while an input method is composing (注音、倉頡).
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    submit();
  }
});
updateSendButton();

// Opening the page is like adding CareLine as a friend: the server answers with its welcome.
void send({ event: 'follow' });
