// The page's only network call: POST /api/chat, which runs CareLine's conversation handlers.

const TIMEOUT_MS = 30_000;

export class ChatRequestError extends Error {
  /** @param {string} message shown to the caregiver; @param {number | undefined} status */
  constructor(message, status) {
    super(message);
    this.name = 'ChatRequestError';
    this.status = status;
  }
}

/**
 * @param {({text: string} | {postback: string} | {event: 'follow'}) & {sessionId: string}} body
 * @returns {Promise<object[]>} the LINE message objects CareLine would send
 */
export async function postChat(body) {
  let response;
  try {
    response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error?.name === 'TimeoutError';
    throw new ChatRequestError(timedOut ? 'CareLine 太久沒有回應。' : '無法連線到 CareLine 伺服器。', undefined);
  }
  const data = await response.json().catch(() => undefined);
  if (!response.ok) {
    const reason = response.status === 429 ? '訊息太多了，請稍等一下再試。' : `伺服器發生問題（${response.status}）。`;
    throw new ChatRequestError(`CareLine 暫時無法回覆：${reason}`, response.status);
  }
  if (!Array.isArray(data?.messages)) throw new ChatRequestError('CareLine 的回覆格式不正確。', response.status);
  return data.messages;
}
