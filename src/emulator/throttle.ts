/**
 * Flow control per caller and API, as the world's Quotas ask: `"<product>:<Action>"` or `Default`, in calls per
 * second. A fixed one-second window is enough to make clients meet Throttling.User and honour x-acs-retry-after.
 */
import type { Quota } from './state.js';
import { faults } from './api-error.js';

interface Window {
  second: number;
  count: number;
}

export class Throttle {
  private readonly windows = new Map<string, Window>();

  /** Counts one call; throws Throttling.User (with the milliseconds until the next window) when over quota. */
  admit(quotas: Record<string, Quota>, caller: string, product: string, action: string, nowMs: number): void {
    const api = `${product}:${action}`;
    const quota = quotas[api] ?? quotas.Default;
    if (!quota) return;
    const second = Math.floor(nowMs / 1000);
    const key = `${caller}\n${api}`;
    let window = this.windows.get(key);
    if (!window || window.second !== second) {
      if (this.windows.size >= 10_000) this.windows.clear();
      window = { second, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= quota.Qps) throw faults.throttlingUser(1000 - (nowMs % 1000));
    window.count += 1;
  }
}
