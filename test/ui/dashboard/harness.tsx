import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ScanControls, ScanEvent, Finding, Severity } from '../../../src/scan/model.js';
import { ScanBoard } from '../../../src/ui/dashboard/board.js';
import { Dashboard } from '../../../src/ui/dashboard/dashboard.js';

export const KEY = { enter: '\r', escape: '\u001B', up: '\u001B[A', down: '\u001B[B', ctrlC: '\u0003' } as const;

/** A terminal of a size that can change, as Ink sees one: every frame it is written is kept whole (debug mode). */
class Screen extends EventEmitter {
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

class Keyboard extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
  }
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export async function tick(ms = 0): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Controls that record what the dashboard asked for. */
export function recordingControls() {
  const asked: string[] = [];
  let paused = false;
  const controls: ScanControls = {
    get paused() {
      return paused;
    },
    pause: () => void (asked.push('pause'), (paused = true)),
    resume: () => void (asked.push('resume'), (paused = false)),
    pausedMs: () => 0,
    stop: () => void asked.push('stop'),
  };
  return { controls, asked };
}

/** The dashboard on a fake terminal of `columns`×`rows`, following `board`; the clock is fixed unless given. */
export function mountDashboard(board: ScanBoard, options: { columns?: number; rows?: number; now?: () => number } = {}) {
  const screen = new Screen(options.columns ?? 80, options.rows ?? 24);
  const keyboard = new Keyboard();
  const { controls, asked } = recordingControls();
  const app = render(<Dashboard board={board} controls={controls} color={false} now={options.now ?? (() => 60_000)} />, {
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: keyboard as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  // What a user reads: the styles (dim, bold, inverse) left out.
  const frame = () => (screen.frames.at(-1) ?? '').replace(/\n$/, '').replace(/\u001b\[[0-9;]*m/g, '');
  return {
    screen,
    asked,
    frame,
    lines: () => frame().split('\n'),
    /** Keys, then long enough for a frame (the dashboard draws at most 8 a second). */
    async press(...keys: string[]) {
      for (const key of keys) {
        await tick();
        keyboard.write(key);
      }
      await tick(10);
    },
    /** Waits for the next frame of the board's changes. */
    redrawn: () => tick(300),
    unmount: () => app.unmount(),
  };
}

let uid = 0;
export function finding(region: string, severity: Severity, name: string, status: Finding['status'] = 'FAIL'): Finding {
  uid++;
  return {
    uid: `aliaudit-alibabacloud-check_${uid}-1357924680135792-${region}-${name}`,
    checkId: `check_${severity}`,
    status,
    statusExtended: `${name} is ${status === 'FAIL' ? 'open to the internet' : 'fine'}`,
    muted: false,
    severity,
    service: region === 'global' ? 'ram' : 'ecs',
    accountUid: '1357924680135792',
    region,
    resource: { uid: `acs:ecs:${region}:1357924680135792:securitygroup/${name}`, name, type: 'securitygroup' },
    compliance: {},
    timestamp: new Date(0).toISOString(),
  };
}

/** A board as the engine leaves it partway: `regions` named, some started, done, failed; findings in a few. */
export function boardOf(regions: string[], events: ScanEvent[] = [], now = () => 0): ScanBoard {
  const board = new ScanBoard(now);
  board.fold({ type: 'scan-started', info: { scanId: 's', accountUid: '1357924680135792', identityArn: 'acs:ram::1357924680135792:user/auditor', regions }, checks: 42 });
  for (const event of events) board.fold(event);
  return board;
}
