import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { loadWorld, loadWorldFile } from '../../src/emulator/world.js';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';
import { ALL_CHECKS, OWNER } from '../../src/scan/services/index.js';
import { scanOf, verdicts } from './scan-helpers.js';
import { writeScanWorld } from './world.js';

/** An emulator serving the scan world, with quotas and injected faults as given. */
async function serving(world: string, options: { faultRate?: number } = {}) {
  return startEmulator({ state: loadWorldFile(world), port: 0, faultRate: options.faultRate, faultSeed: 7 });
}

describe('a scan under throttling and faults', () => {
  it('finds exactly what a clean run finds: throttled calls wait as asked, faulted ones are retried', async () => {
    const clean = await serving(writeScanWorld());
    // Tight enough that well over a tenth of the calls are throttled while the scanner learns the quota, however
    // busy the machine (a scheduler that sends at the learnt rate is throttled little after that).
    const stormy = await serving(writeScanWorld({ quotas: { Default: { Qps: 4 } } }), { faultRate: 0.03 });
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

describe('every service under throttling and faults', () => {
  // RAM and ECS are the scan world's above; the demo world holds every other service's share.
  const checks = ALL_CHECKS.filter((check) => !['ram', 'ecs'].includes(OWNER.get(check.id)!.id));
  const keys = { id: DEMO_CREDENTIALS.accessKeyId, secret: DEMO_CREDENTIALS.accessKeySecret };
  const demoServing = (quotas: Record<string, { Qps: number }>, faultRate?: number) =>
    startEmulator({ state: loadWorld({ ...demoWorld(), Quotas: quotas }), port: 0, faultRate, faultSeed: 11 });

  it('finds in VPC, RDS, ActionTrail and Security Center exactly what a clean run finds', async () => {
    const clean = await demoServing({});
    const stormy = await demoServing({ Default: { Qps: 2 } }, 0.03);
    try {
      const calm = await scanOf(clean.url, { checks, keys });
      const storm = await scanOf(stormy.url, { checks, keys, readTimeoutMs: 1000 });
      const calls = storm.events.filter((e) => e.type === 'call').length;
      const retries = storm.events.filter((e) => e.type === 'retry') as { reason: string }[];
      const throttled = retries.filter((e) => e.reason === 'throttled').length;
      console.log(`stormy demo run: ${calls} calls, ${throttled} throttled (${((throttled / calls) * 100).toFixed(1)} %), ${retries.length - throttled} faults retried`);
      expect(throttled / calls).toBeGreaterThan(0.08);
      expect(retries.length - throttled).toBeGreaterThan(0);
      expect(storm.info.incompleteReasons).toEqual([]);
      expect(verdicts(storm.findings)).toEqual(verdicts(calm.findings));
      const services = new Set(calm.findings.map((f) => OWNER.get(f.checkId)!.id));
      expect([...services].sort()).toEqual(['actiontrail', 'rds', 'securitycenter', 'vpc']);
    } finally {
      await clean.close();
      await stormy.close();
    }
  }, 90_000);
});
