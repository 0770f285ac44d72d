import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { scanOf } from './scan-helpers.js';
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
      const started = Date.now();
      const scan = await scanOf(proxy.url, { regionTimeoutMs: 3000, readTimeoutMs: 500 });
      expect(Date.now() - started).toBeLessThan(15_000);
      const finished = Object.fromEntries(scan.events.filter((e) => e.type === 'region-finished').map((e) => [(e as { region: string }).region, (e as { state: string }).state]));
      expect(finished).toEqual({ global: 'done', [REGION]: 'done', [OTHER_REGION]: 'timed out' });
      expect(scan.info.complete).toBe(false);
      expect(scan.info.incompleteReasons).toEqual([expect.stringMatching(new RegExp(`^${OTHER_REGION}: (no answer within 3 s|ecs:Describe\\w+ in ${OTHER_REGION} did not answer in time)`))]);
      // What could not be read there is MANUAL, naming the call that did not answer; nothing passed by default.
      const beijing = scan.findings.filter((f) => f.region === OTHER_REGION);
      expect(beijing.every((f) => f.status === 'MANUAL')).toBe(true);
      expect(scan.findings.some((f) => f.region === REGION && f.checkId === 'ecs_securitygroup_restrict_ssh_internet')).toBe(true);
    } finally {
      await proxy.close();
      await emulator.stop();
    }
  }, 30_000);
});
