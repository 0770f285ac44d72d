import type { RamApi } from '../../src/cloud/ram-client.js';

export type Answer = (params: Record<string, unknown>) => unknown;

/** A RamApi that answers only the actions it is given (anything else fails the test) and records every call. */
export function fakeRam(answers: Record<string, Answer>) {
  const calls: { action: string; params: Record<string, unknown> }[] = [];
  const ram: RamApi = {
    async call(action, params = {}) {
      calls.push({ action, params });
      const answer = answers[action];
      if (!answer) throw new Error(`unexpected RAM call ${action}`);
      return answer(params) as any;
    },
  };
  return { ram, calls, actions: () => calls.map((c) => c.action) };
}
