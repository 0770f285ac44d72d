import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { inTerminal } from '../helpers/tmux.js';

/** The dashboard's rows, from its column header to the line before the key bar. */
function regionWork(screen: string): Map<string, string> {
  const work = new Map<string, string>();
  for (const line of screen.split('\n')) {
    const match = /^[› ] (\S+) +(queued|running|done|failed|denied|timed out) .*? (\d+\/\d+|\d+|…)? +\d+ +\d+ +\d+ +\d+ +\d+$/.exec(line);
    if (match) work.set(match[1], `${match[2]} ${match[3] ?? ''}`);
  }
  return work;
}

describe('aliaudit demo in a real terminal, 80×24', () => {
  it('runs the dashboard: rows advance, the frame stays under 24 lines with its key bar, q stops it, and the summary stays in the scrollback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliaudit-demo-pty-'));
    const recording = join(dir, 'terminal.bytes');
    // Colour on, as a user has it: the frame must fit with its escape codes too.
    const terminal = await inTerminal([process.execPath, cliPath, 'demo', '--output-directory', join(dir, 'report')], {
      env: cleanEnv({ NO_COLOR: undefined, TERM: 'xterm-256color' }),
      record: recording,
    });
    try {
      const screens: string[] = [];
      const first = await terminal.waitFor((screen) => screen.includes('↑↓ region · Enter details') && regionWork(screen).size === 6, 'the dashboard', 30_000);
      screens.push(first);
      const before = regionWork(first);
      // Every frame seen until a row has moved on; the demo takes half a minute, so there is time.
      const moved = await terminal.waitFor((screen) => {
        screens.push(screen);
        const work = regionWork(screen);
        return work.size === 6 && [...work].some(([region, state]) => before.get(region) !== state);
      }, 'a row of the dashboard to move on', 30_000);
      for (const screen of screens.filter((s) => s.includes('↑↓ region'))) {
        const lines = screen.split('\n');
        const top = lines.findIndex((line) => line.startsWith('aliaudit scan · 1357924680135792'));
        const bar = lines.findIndex((line) => line.startsWith('↑↓ region · Enter details · f severity: all · p pause · q stop · ? help'));
        expect(top, screen).toBeGreaterThanOrEqual(0);
        expect(bar - top + 1, screen).toBeLessThanOrEqual(23);
        expect(regionWork(screen).size, screen).toBe(6);
      }
      expect(regionWork(moved)).not.toEqual(before);

      // No need to wait out the demo: q asks, y stops it, and what was found is summed up as an interrupted scan.
      await terminal.keys('q');
      await terminal.waitFor((screen) => /stop the scan/i.test(screen), 'the question whether to stop');
      await terminal.keys('y');
      const end = await terminal.waitFor((screen) => screen.includes('[exited '), 'the demo to end', 30_000);
      expect(end).toContain('[exited 130]');
      const scrollback = await terminal.scrollback();
      expect(scrollback).toMatch(/SERVICE +PASS +FAIL/);
      expect(scrollback).toMatch(/\d+ finding\(s\), \d+ unmuted FAIL, incomplete; exit 130/);
      // Nothing of the live frame is left behind above the summary.
      expect(scrollback).not.toContain('↑↓ region · Enter details');

      // Ink clears the whole screen when a frame is as tall as the terminal: it never did.
      const bytes = readFileSync(recording, 'latin1');
      expect(bytes.length).toBeGreaterThan(1000);
      expect(bytes).not.toContain('\u001b[2J');
    } finally {
      await terminal.close();
    }
  }, 120_000);
});

describe('the dashboard gives way to plain lines', () => {
  // tmux gives its panes a TERM of its own, so TERM=dumb is set in the pane, by env.
  for (const [why, env, prefix] of [
    ['NO_COLOR', { NO_COLOR: '1' }, []],
    ['TERM=dumb', { NO_COLOR: undefined }, ['env', 'TERM=dumb']],
    ['CI', { NO_COLOR: undefined, CI: 'true' }, []],
  ] as const) {
    it(`under ${why}, even on a terminal`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aliaudit-plain-pty-'));
      const terminal = await inTerminal([...prefix, process.execPath, cliPath, 'demo', '--latency', '0', '--output-directory', dir], { env: cleanEnv(env) });
      try {
        const end = await terminal.waitFor((screen) => screen.includes('[exited '), 'the demo to end', 60_000);
        expect(end).toContain('[exited 0]');
        const scrollback = await terminal.scrollback();
        expect(scrollback).toMatch(/^cn-hangzhou: done, \d+ finding\(s\)/m);
        expect(scrollback).not.toContain('↑↓ region');
      } finally {
        await terminal.close();
      }
    }, 90_000);
  }
});
