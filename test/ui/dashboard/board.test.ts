import { describe, expect, it } from 'vitest';
import { REGION_FINDINGS } from '../../../src/ui/dashboard/board.js';
import { boardOf, finding } from './harness.js';

describe('ScanBoard', () => {
  it('lists the regions queued, running from their first call, then as they ended, the global services first', () => {
    const board = boardOf(['cn-hangzhou', 'cn-beijing', 'us-west-1'], [
      { type: 'region-started', region: 'cn-hangzhou' },
      { type: 'region-started', region: 'global' },
      { type: 'call', api: 'ecs:DescribeInstances', region: 'cn-hangzhou', ms: 40, ok: true },
      { type: 'call', api: 'ecs:DescribeDisks', region: 'cn-beijing', ms: 40, ok: false },
      { type: 'region-finished', region: 'cn-beijing', state: 'denied', reason: 'ecs:DescribeDisks refused (Forbidden.RAM)', findings: 0 },
    ]);
    expect(board.rows().map((row) => [row.name, row.state])).toEqual([
      ['global', 'queued'],
      ['cn-hangzhou', 'running'],
      ['cn-beijing', 'denied'],
      ['us-west-1', 'queued'],
    ]);
    const beijing = board.regions.get('cn-beijing')!;
    expect(beijing.failedCalls).toBe(1);
    // Why it ended so first: the calls that failed follow.
    expect([...beijing.problems.keys()]).toEqual(['ecs:DescribeDisks refused (Forbidden.RAM)', 'ecs:DescribeDisks failed']);
    expect(board.failedCalls).toBe(1);
  });

  it('counts FAILs by severity per region, keeps muted ones out of the feed, and bounds what it keeps', () => {
    const events = [
      ...Array.from({ length: REGION_FINDINGS + 50 }, (_, i) => ({ type: 'finding' as const, finding: finding('cn-hangzhou', i % 2 ? 'high' : 'low', `sg-${i}`) })),
      { type: 'finding' as const, finding: { ...finding('cn-hangzhou', 'critical', 'sg-muted'), muted: true } },
      { type: 'finding' as const, finding: finding('cn-hangzhou', 'medium', 'sg-ok', 'PASS') },
    ];
    const board = boardOf(['cn-hangzhou'], events);
    const row = board.regions.get('cn-hangzhou')!;
    expect(row.fails).toMatchObject({ critical: 0, high: 175, low: 175 });
    expect(row.pass).toBe(1);
    expect(row.findingCount).toBe(REGION_FINDINGS + 50);
    expect(row.findings).toHaveLength(REGION_FINDINGS);
    expect(board.feed.length).toBeLessThanOrEqual(200);
    expect(board.feed.some((f) => f.muted)).toBe(false);
    expect(board.tally.total).toBe(REGION_FINDINGS + 52);
    expect(board.tally.unmutedFailures).toBe(REGION_FINDINGS + 50);
  });

  it('measures progress by work and guesses the time left from the pace', () => {
    const board = boardOf(['a', 'b', 'c', 'd'], [
      { type: 'call', api: 'ecs:DescribeInstances', region: 'a', ms: 1, ok: true },
      { type: 'region-progress', region: 'a', done: 100, known: 100 },
      { type: 'region-finished', region: 'a', state: 'done', findings: 0 },
      { type: 'call', api: 'ecs:DescribeInstances', region: 'b', ms: 1, ok: true },
      { type: 'region-progress', region: 'b', done: 0, known: 100 },
    ]);
    // a: 100 of 100, b: 0 of 100, c and d not started: as much as the others on average (100 each).
    expect(board.progress()).toBeCloseTo(0.25);
    expect(board.eta(10_000)).toBeCloseTo(30_000);
    expect(board.eta(1000)).toBeUndefined();
    board.fold({ type: 'scan-finished', info: {} as never, findings: 0 });
    expect(board.eta(10_000)).toBe(0);
  });

  it('never counts a running region as done, so the time left never reads 0:00 before the scan has ended', () => {
    const board = boardOf(['a', 'b'], [
      { type: 'call', api: 'ecs:DescribeInstances', region: 'a', ms: 1, ok: true },
      { type: 'region-progress', region: 'a', done: 50, known: 50 },
      { type: 'region-finished', region: 'a', state: 'done', findings: 0 },
      // b has done all it knows of, but has not finished: its last call is still out.
      { type: 'call', api: 'ecs:DescribeInstances', region: 'b', ms: 1, ok: true },
      { type: 'region-progress', region: 'b', done: 50, known: 50 },
    ]);
    expect(board.progress()).toBeLessThan(1);
    expect(board.eta(600_000)).toBeGreaterThanOrEqual(1000);
    board.fold({ type: 'region-finished', region: 'b', state: 'done', findings: 0 });
    board.fold({ type: 'scan-finished', info: {} as never, findings: 0 });
    expect(board.progress()).toBe(1);
    expect(board.eta(600_000)).toBe(0);
  });

  it('reports the call rate over the last seconds', () => {
    let now = 0;
    const board = boardOf(['a'], [], () => now);
    for (let second = 0; second < 6; second++) {
      now = second * 1000;
      for (let i = 0; i < 20; i++) board.fold({ type: 'call', api: 'ecs:DescribeDisks', region: 'a', ms: 1, ok: true });
    }
    now = 6000;
    expect(board.callRate()).toBe(20);
  });
});
