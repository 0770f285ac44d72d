import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/core/errors.js';
import { PauseGate } from '../../src/scan/pause.js';
import { ALL_CHECKS } from '../../src/scan/checks/index.js';
import { resolveRegions, runScan } from '../../src/scan/engine.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { JumpingTimer } from '../helpers/fake-timer.js';
import { scanOf, targetFor } from './scan-helpers.js';
import { writeScanWorld } from './world.js';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PauseGate', () => {
  it('holds waiters while paused, lets them all go on resume, and counts the paused time', async () => {
    let now = 0;
    const gate = new PauseGate({ ms: () => now });
    await gate.open();
    gate.pause();
    gate.pause();
    let through = 0;
    const waits = [gate.open().then(() => through++), gate.open().then(() => through++)];
    await later(5);
    expect(through).toBe(0);
    now = 250;
    expect(gate.pausedMs()).toBe(250);
    gate.resume();
    await Promise.all(waits);
    expect(through).toBe(2);
    now = 400;
    expect(gate.pausedMs()).toBe(250);
    expect(gate.paused).toBe(false);
  });

  it('lets a waiter give up when its signal aborts, and forgets it', async () => {
    const gate = new PauseGate();
    gate.pause();
    const controller = new AbortController();
    const wait = gate.open(controller.signal);
    controller.abort();
    await expect(wait).rejects.toBeInstanceOf(InterruptedError);
    gate.resume();
  });
});

describe('a paused scan', () => {
  it('starts no call while paused, does not time regions out for the pause, and finds the same after resume', async () => {
    const emulator = await startTestEmulator(writeScanWorld());
    try {
      const clean = await scanOf(emulator.url);
      // The scan's clock is real time that the test jumps forward: the pause outlasts the regions' deadline twice
      // over without anyone waiting for it. The deadline itself is one a running scan never comes near.
      const timer = new JumpingTimer();
      const regionTimeoutMs = 60_000;
      const { target, retries } = targetFor(emulator.url);
      const regions = await resolveRegions(target, 'all');
      const pause = new PauseGate(timer);
      pause.pause();
      let calls = 0;
      const started: string[] = [];
      const states: string[] = [];
      const scan = runScan(target, regions, { checks: ALL_CHECKS, regions: 'all', version: 'test', retries, regionTimeoutMs, pause, timer }, (event) => {
        if (event.type === 'call') calls++;
        if (event.type === 'region-started') started.push(event.region);
        if (event.type === 'region-finished') states.push(event.state);
      });
      // Every part has started (and set its deadline), and calls wait at the gate.
      while (pause.waiting < started.length || started.length < regions.length + 1) await later(5);
      timer.jump(2 * regionTimeoutMs);
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect([calls, states]).toEqual([0, []]);
      pause.resume();
      const result = await scan;
      expect(calls).toBeGreaterThan(0);
      expect(states).toEqual(states.map(() => 'done'));
      expect(result.info.complete).toBe(true);
      expect(result.findings.length).toBe(clean.findings.length);
    } finally {
      await emulator.stop();
    }
  }, 30_000);
});
