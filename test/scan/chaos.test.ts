import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { loadWorldFile } from '../../src/emulator/world.js';
import { scanOf, verdicts } from './scan-helpers.js';
import { writeScanWorld } from './world.js';

/** An emulator serving the scan world, with quotas and injected faults as given. */
async function serving(world: string, options: { faultRate?: number } = {}) {
  return startEmulator({ state: loadWorldFile(world), port: 0, faultRate: options.faultRate, faultSeed: 7 });
}

describe('a scan under throttling and faults', () => {
  it('finds exactly what a clean run finds: throttled calls wait as asked, faulted ones are retried', async () => {
    const clean = await serving(writeScanWorld());
    // Tight enough that about a tenth of the calls are throttled, even once the scanner has learnt the quota.
    const stormy = await serving(writeScanWorld({ quotas: { Default: { Qps: 8 } } }), { faultRate: 0.03 });
    try {
      const calm = await scanOf(clean.url);
      const storm = await scanOf(stormy.url, { readTimeoutMs: 1000 });
      const calls = storm.events.filter((e) => e.type === 'call').length;
      const retries = storm.events.filter((e) => e.type === 'retry') as { reason: string }[];
      const throttled = retries.filter((e) => e.reason === 'throttled').length;
      const faulted = retries.length - throttled;
      console.log(`stormy run: ${calls} calls, ${throttled} throttled (${((throttled / calls) * 100).toFixed(1)} %), ${faulted} faults retried`);
      expect(throttled / calls).toBeGreaterThan(0.08);
      expect(faulted).toBeGreaterThan(0);
      expect(storm.info.incompleteReasons).toEqual([]);
      expect(verdicts(storm.findings)).toEqual(verdicts(calm.findings));
      expect(calm.findings.length).toBeGreaterThan(1000);
    } finally {
      await clean.close();
      await stormy.close();
    }
  }, 90_000);
});
