import { RAM } from '../../src/cloud/clients.js';
import type { RamApi } from '../../src/ram/api.js';

export type Answer = (params: Record<string, unknown>) => unknown;

/** A RamApi that answers only the actions it is given (anything else fails the test) and records every call. */
export function fakeRam(answers: Record<string, Answer>) {
  const calls: { action: string; params: Record<string, unknown> }[] = [];
  const ram: RamApi = {
    product: RAM,
    region: 'cn-hangzhou',
    async call(action: string, params: Record<string, unknown> = {}) {
      calls.push({ action, params });
      const answer = answers[action];
      if (!answer) throw new Error(`unexpected RAM call ${action}`);
      return answer(params) as any;
    },
  };
  return { ram, calls, actions: () => calls.map((c) => c.action) };
}
