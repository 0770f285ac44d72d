import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/scan/checks/index.js';
import { resolveRegions, runScan } from '../../src/scan/engine.js';
import type { ScanEvent } from '../../src/scan/model.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { JumpingTimer } from '../helpers/fake-timer.js';
import { targetFor } from './scan-helpers.js';
import { OTHER_REGION, REGION, writeScanWorld } from './world.js';

/** A proxy to the emulator that never answers any request about `region`. */
async function stalling(target: string, region: string) {
  const held: ServerResponse[] = [];
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (new URL(req.url ?? '/', 'http://x').searchParams.get('RegionId') === region) return void held.push(res);
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // A client that gives up, or the emulator closing first, ends both sides quietly.
    upstream.on('error', () => res.destroy());
    req.on('error', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => {
      proxy.closeAllConnections();
      return new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

describe('a region that never answers', () => {
  it('is marked timed out, and the scan still finishes with every other region, marked incomplete', async () => {
    const emulator = await startTestEmulator(writeScanWorld());
    const proxy = await stalling(emulator.url, OTHER_REGION);
    try {
      // The stalled region's calls wait an hour for an answer, and the regions' deadline is a minute on a clock the
      // test jumps forward once the others are done: the stalled region can only end by its deadline, and no other
      // region comes near it, however loaded the machine.
      const timer = new JumpingTimer();
      const { target, retries } = targetFor(proxy.url, undefined, { readTimeoutMs: 3_600_000 });
      const regions = await resolveRegions(target, 'all');
      const finished: Record<string, string> = {};
      const running = runScan(target, regions, { checks: ALL_CHECKS, regions: 'all', version: 'test', retries, regionTimeoutMs: 60_000, timer }, (event: ScanEvent) => {
        if (event.type === 'region-finished') finished[event.region] = event.state;
      });
      while (!(finished.global && finished[REGION])) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(finished).toEqual({ global: 'done', [REGION]: 'done' });
      timer.jump(60_000);
      const scan = await running;
      const findings = [...scan.findings];
      expect(finished).toEqual({ global: 'done', [REGION]: 'done', [OTHER_REGION]: 'timed out' });
      expect(scan.info.complete).toBe(false);
      // The deadline stops the region's calls: it says so, or which call was stopped.
      // One reason per regional service there (ECS, VPC, RDS), each for that region alone.
      expect(scan.info.incompleteScopes.map((scope) => [scope.region, scope.service, scope.state]).sort()).toEqual([
        [OTHER_REGION, 'ecs', 'timed out'],
        [OTHER_REGION, 'rds', 'timed out'],
        [OTHER_REGION, 'vpc', 'timed out'],
      ]);
      for (const reason of scan.info.incompleteReasons) {
        expect(reason).toMatch(new RegExp(`^${OTHER_REGION}: (no answer within 60 s|(ecs|vpc|rds):Describe\\w+ (in ${OTHER_REGION} )?did not answer in time)`));
      }
      // What could not be read there is MANUAL; nothing passed by default.
      const beijing = findings.filter((f) => f.region === OTHER_REGION);
      expect(beijing.every((f) => f.status === 'MANUAL')).toBe(true);
      expect(findings.some((f) => f.region === REGION && f.checkId === 'ecs_securitygroup_restrict_ssh_internet')).toBe(true);
    } finally {
      await proxy.close();
      await emulator.stop();
    }
  }, 30_000);
});
