import { describe, expect, it } from 'vitest';
import { KNOWN_REGIONS } from '../../../src/cloud/regions.js';
import { boardOf, finding, KEY, mountDashboard } from './harness.js';

const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'us-west-1'];

function demoBoard() {
  return boardOf(REGIONS, [
    { type: 'region-started', region: 'global' },
    { type: 'call', api: 'ram:ListUsers', region: 'global', ms: 40, ok: true },
    { type: 'call', api: 'ecs:DescribeInstances', region: 'cn-hangzhou', ms: 40, ok: true },
    { type: 'region-progress', region: 'cn-hangzhou', done: 3, known: 8 },
    { type: 'finding', finding: finding('cn-hangzhou', 'high', 'sg-ssh-open') },
    { type: 'finding', finding: finding('cn-hangzhou', 'low', 'd-unencrypted') },
    { type: 'call', api: 'ecs:DescribeInstances', region: 'cn-shanghai', ms: 40, ok: true },
    { type: 'region-finished', region: 'cn-shanghai', state: 'done', findings: 4 },
    { type: 'call', api: 'ecs:DescribeDisks', region: 'cn-beijing', ms: 40, ok: false },
    { type: 'region-finished', region: 'cn-beijing', state: 'failed', reason: 'ecs:DescribeDisks failed (ServiceUnavailable)', findings: 0 },
    { type: 'call', api: 'ecs:DescribeRegions', region: 'ap-southeast-1', ms: 40, ok: true },
    { type: 'region-finished', region: 'ap-southeast-1', state: 'denied', reason: 'ecs:DescribeSecurityGroups refused (Forbidden.RAM)', findings: 2 },
    { type: 'finding', finding: finding('global', 'critical', 'root-access-key') },
  ]);
}

const rowOf = (lines: string[], region: string) => lines.find((line) => line.slice(2).startsWith(region)) ?? '';

describe('the scan dashboard', () => {
  it('shows each region in its state with its work, calls and FAILs by severity, and a key bar', async () => {
    const dash = mountDashboard(demoBoard());
    await dash.redrawn();
    const lines = dash.lines();
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(rowOf(lines, 'global')).toMatch(/^› global +running .* 1 +1 +0 +0 +0$/);
    expect(rowOf(lines, 'cn-hangzhou')).toMatch(/cn-hangzhou +running +█+░+ +3\/8 +1 +0 +1 +0 +1$/);
    expect(rowOf(lines, 'cn-shanghai')).toMatch(/cn-shanghai +done +█+ /);
    expect(rowOf(lines, 'cn-beijing')).toMatch(/cn-beijing +failed /);
    expect(rowOf(lines, 'ap-southeast-1')).toMatch(/ap-southeast-1 +denied /);
    expect(rowOf(lines, 'us-west-1')).toMatch(/us-west-1 +queued +░+ /);
    expect(lines.at(-1)).toBe('↑↓ region · Enter details · f severity: all · p pause · q stop · ? help');
    dash.unmount();
  });

  it('follows the board as the scan goes on, a few frames a second at most', async () => {
    const board = demoBoard();
    const dash = mountDashboard(board);
    await dash.redrawn();
    const before = dash.screen.frames.length;
    for (let i = 0; i < 500; i++) board.fold({ type: 'call', api: 'ecs:DescribeDisks', region: 'cn-hangzhou', ms: 1, ok: true });
    board.fold({ type: 'region-finished', region: 'cn-hangzhou', state: 'done', findings: 9 });
    await dash.redrawn();
    expect(rowOf(dash.lines(), 'cn-hangzhou')).toMatch(/cn-hangzhou +done +█+ +3\/8 +501 /);
    // 501 events, one or two frames.
    expect(dash.screen.frames.length - before).toBeLessThanOrEqual(2);
    dash.unmount();
  });

  it('moves the selection with ↑↓ and opens a region with Enter: its problems and findings; Esc goes back', async () => {
    const dash = mountDashboard(demoBoard());
    await dash.press(KEY.down, KEY.down, KEY.down, KEY.up);
    expect(dash.lines().find((line) => line.startsWith('›'))).toContain('cn-shanghai');
    await dash.press(KEY.down);
    await dash.press(KEY.enter);
    expect(dash.frame()).toContain('cn-beijing failed · 1 calls, 1 failed');
    expect(dash.frame()).toContain('! ecs:DescribeDisks failed');
    expect(dash.frame()).toContain('! ecs:DescribeDisks failed (ServiceUnavailable)');
    expect(dash.lines().at(-1)).toContain('Esc back');
    await dash.press(KEY.escape);
    await dash.press(KEY.up, KEY.up, KEY.enter);
    expect(dash.frame()).toContain('FINDINGS (all) 1–2 of 2');
    expect(dash.frame()).toMatch(/HIGH +sg-ssh-open/);
    dash.unmount();
  });

  it('f filters the findings by severity: all, critical, high+, medium+, low+, and round again', async () => {
    const dash = mountDashboard(demoBoard());
    await dash.redrawn();
    expect(dash.frame()).toMatch(/CRIT +global root-access-key/);
    expect(dash.frame()).toMatch(/LOW +cn-hangzhou d-unencrypted/);
    await dash.press('f');
    expect(dash.lines().at(-1)).toContain('f severity: critical');
    expect(dash.frame()).not.toContain('sg-ssh-open');
    await dash.press('f');
    expect(dash.lines().at(-1)).toContain('f severity: high+');
    expect(dash.frame()).toContain('sg-ssh-open');
    expect(dash.frame()).not.toContain('d-unencrypted');
    await dash.press('f', 'f', 'f');
    expect(dash.lines().at(-1)).toContain('f severity: all');
    dash.unmount();
  });

  it('p pauses the engine and resumes it, and the header says so', async () => {
    const dash = mountDashboard(demoBoard());
    await dash.press('p');
    expect(dash.asked).toEqual(['pause']);
    expect(dash.lines()[0]).toMatch(/1:00 {2}PAUSED\s*$/);
    expect(dash.lines().at(-1)).toContain('p resume');
    await dash.press('p');
    expect(dash.asked).toEqual(['pause', 'resume']);
    expect(dash.lines()[0]).not.toContain('PAUSED');
    dash.unmount();
  });

  it('q asks first: n goes on, y stops the scan (its results are then written, marked incomplete)', async () => {
    const dash = mountDashboard(demoBoard());
    await dash.press('q');
    expect(dash.lines().at(-1)).toBe('Stop the scan? What was found is written, marked incomplete. y stop · n go on');
    await dash.press('n');
    expect(dash.asked).toEqual([]);
    expect(dash.lines().at(-1)).toContain('q stop');
    await dash.press('q', 'y');
    expect(dash.asked).toEqual(['stop', 'resume']);
    expect(dash.lines().at(-1)).toBe('stopping: writing what was found…');
    dash.unmount();
  });

  it('Ctrl-C stops at once, and ? shows the keys until any key', async () => {
    const dash = mountDashboard(demoBoard());
    await dash.press('?');
    expect(dash.frame()).toContain('pause the scan (calls in flight finish, none start) and resume it');
    await dash.press('x');
    expect(dash.frame()).toContain('REGION');
    await dash.press(KEY.ctrlC);
    expect(dash.asked).toContain('stop');
    dash.unmount();
  });

  it('fits a resized terminal at once: fewer columns, then fewer rows', async () => {
    const dash = mountDashboard(demoBoard());
    await dash.redrawn();
    expect(dash.lines()[2]).toContain('LOW');
    dash.screen.resize(60, 14);
    await dash.redrawn();
    const lines = dash.lines();
    expect(lines.length).toBeLessThanOrEqual(13);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(60);
    expect(lines[2]).not.toContain('LOW');
    dash.unmount();
  });

  it('with more regions than rows, scrolls the list around the selection with "… N more"', async () => {
    const board = boardOf([...KNOWN_REGIONS]);
    const dash = mountDashboard(board, { rows: 16 });
    await dash.redrawn();
    expect(dash.lines().length).toBeLessThanOrEqual(15);
    expect(dash.frame()).toMatch(/… \d+ more/);
    for (let i = 0; i < 15; i++) await dash.press(KEY.down);
    const lines = dash.lines();
    expect(lines.filter((line) => /^ {2}… \d+ more$/.test(line))).toHaveLength(2);
    expect(lines.find((line) => line.startsWith('›'))).toContain(KNOWN_REGIONS[15]);
    dash.unmount();
  });

  it('with nine services, draws frames of 80×24 no bigger than with two: the service rows fold, nothing grows', async () => {
    // The same findings twice: of nine services, and of RAM and ECS alone.
    const nine = demoBoard();
    const two = demoBoard();
    ['ram', 'ecs', 'vpc', 'actiontrail', 'rds', 'securitycenter', 'oss', 'sls', 'cs'].forEach((service, index) => {
      for (let k = 0; k < 3 + index; k++) {
        const region = index % 3 ? 'cn-hangzhou' : 'global';
        const made = finding(region, 'high', `${service}-${k}`, (['FAIL', 'PASS', 'MANUAL'] as const)[k % 3]);
        nine.fold({ type: 'finding', finding: { ...made, service } });
        two.fold({ type: 'finding', finding: { ...made, service: region === 'global' ? 'ram' : 'ecs' } });
      }
    });
    const sizes: number[] = [];
    for (const board of [two, nine]) {
      const dash = mountDashboard(board);
      await dash.redrawn();
      const lines = dash.lines();
      expect(lines).toHaveLength(23);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
      sizes.push(Buffer.byteLength(dash.screen.frames.at(-1)!));
      dash.unmount();
    }
    // The same 23 lines, a few more numbers in them: within a tenth of the two-service frame's bytes.
    expect(sizes[1]).toBeLessThanOrEqual(sizes[0] * 1.1);
  });
});
