/**
 * The SDK's transport (httpx) starts a read timer per request (10 s here) that only its own `read` clears, but the SDK
 * reads bodies itself, so every timer runs its full course and holds its request, response and body until then. At a
 * scan's 200-1,000 calls a second that is thousands of answers kept alive (70 MB and more of a big scan's peak).
 * Node reports each client response as its headers arrive (the `http.client.response.finish` diagnostics channel):
 * its request's timer is noted then, and cleared once the response is done (read to its end, or destroyed). A body
 * that stalls still meets the timer.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

/** httpx's symbol for the timer, named `TIMER::READ_TIMER`; looked up by description, as httpx does not export it. */
const DESCRIPTION = 'TIMER::READ_TIMER';
let installed = false;

export function clearReadTimersWhenRead(): void {
  if (installed) return;
  installed = true;
  subscribe('http.client.response.finish', (message) => {
    const response = (message as { response?: IncomingMessage }).response;
    const socket = response?.socket as unknown as Record<symbol, unknown> | null | undefined;
    if (!response || !socket) return;
    const symbol = Object.getOwnPropertySymbols(socket).find((s) => s.description === DESCRIPTION);
    const timer = symbol && socket[symbol];
    if (!timer) return;
    response.once('close', () => {
      clearTimeout(timer as NodeJS.Timeout);
      // The socket may carry the next request's timer by now: only this one's is taken off.
      if (socket[symbol] === timer) socket[symbol] = null;
    });
  });
}
