/**
 * The live scan dashboard: draws the frame of frame.ts a few times a second at most, whatever the rate of the
 * engine's events (they only fold into the board), and answers the keys. Used alone (run.tsx) and inside the shell.
 */
import { Text } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { ScanControls } from '../../scan/model.js';
import type { Key } from '../keys.js';
import { useKeys } from '../use-keys.js';
import { useTerminalSize } from '../use-terminal-size.js';
import type { ScanBoard } from './board.js';
import { FILTERS, frame, type Line, moveSelection, regionFindings, type Size, type Tone, type View } from './frame.js';

/** At most this many frames a second: over SSH every frame costs bytes, and a scan's events come by the thousand. */
export const FRAMES_PER_SECOND = 8;

export interface DashboardProps {
  board: ScanBoard;
  controls: ScanControls;
  color: boolean;
  /** The clock of the elapsed time (tests give their own). */
  now?: () => number;
}

export function Dashboard({ board, controls, color, now = Date.now }: DashboardProps) {
  const size: Size = useTerminalSize({ columns: 80, rows: 24 });
  const [view, setView] = useState<Omit<View, 'activeMs' | 'paused'>>({ screen: 'regions', scroll: 0, stopping: false });
  const viewRef = useRef(view);
  viewRef.current = view;
  const [, redraw] = useReducer((n: number) => n + 1, 0);

  // Redraw when the board changed, or the clock moved on a second; never more often than FRAMES_PER_SECOND.
  useEffect(() => {
    let drawn = { version: -1, second: -1 };
    const timer = setInterval(() => {
      const next = { version: board.version, second: Math.floor(now() / 1000) };
      if (next.version === drawn.version && next.second === drawn.second) return;
      drawn = next;
      redraw();
    }, 1000 / FRAMES_PER_SECOND);
    return () => clearInterval(timer);
  }, [board, now]);

  const change = (changes: Partial<typeof view>) => setView((viewRef.current = { ...viewRef.current, ...changes }));

  useKeys((key: Key) => {
    const current = viewRef.current;
    const letter = key.name === 'text' && !key.ctrl && !key.meta ? key.text.toLowerCase() : '';
    if (key.ctrl && key.text === 'c') return stop();
    if (current.stopping) return;
    if (current.screen === 'help') return change({ screen: 'regions' });
    if (current.screen === 'confirm-stop') {
      if (letter === 'y') return stop();
      if (letter === 'n' || key.name === 'escape' || letter === 'q') return change({ screen: 'regions' });
      return;
    }
    if (letter === 'q') return change({ screen: 'confirm-stop' });
    if (letter === '?') return change({ screen: 'help' });
    if (letter === 'p') {
      if (controls.paused) controls.resume();
      else controls.pause();
      return redraw();
    }
    if (letter === 'f') return change({ minimum: FILTERS[(FILTERS.indexOf(current.minimum) + 1) % FILTERS.length], scroll: 0 });
    if (current.screen === 'details') {
      if (key.name === 'escape' || key.name === 'return' || key.name === 'backspace') return change({ screen: 'regions' });
      const row = board.rows().find((r) => r.name === current.selected);
      const count = row ? regionFindings(row, current.minimum).length : 0;
      const step = key.name === 'up' ? -1 : key.name === 'down' ? 1 : key.name === 'pageup' ? -10 : key.name === 'pagedown' ? 10 : 0;
      if (step) change({ scroll: Math.min(Math.max(0, count - 1), Math.max(0, current.scroll + step)) });
      return;
    }
    if (key.name === 'up' || key.name === 'down') return change({ selected: moveSelection(board, current.selected, key.name === 'up' ? -1 : 1) });
    if (key.name === 'return') return change({ screen: 'details', selected: current.selected ?? board.rows()[0]?.name, scroll: 0 });
  });

  function stop() {
    change({ stopping: true, screen: 'regions' });
    // A paused scan must move again to stop: its calls are waiting on the pause.
    controls.stop();
    controls.resume();
  }

  const lines = frame(board, { ...view, paused: controls.paused, activeMs: (board.finishedAt ?? now()) - board.startedAt - controls.pausedMs() }, size);
  // One text of styled lines, not a node per segment: Ink lays out and measures every node of every frame, and the
  // lines are already cut to the terminal's width.
  return <Text>{lines.map((line) => styled(line, color)).join('\n')}</Text>;
}

const SGR: Record<Tone, number> = { dim: 2, bold: 1, inverse: 7, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 };
const COLOURS = new Set<Tone>(['red', 'green', 'yellow', 'blue', 'magenta', 'cyan']);

/** A line with its tones as SGR codes; colours only when allowed (bold, dim and inverse tell things apart without). */
function styled(line: Line, color: boolean): string {
  return line.map(({ text, tone }) => (tone && (color || !COLOURS.has(tone)) ? `\u001b[${SGR[tone]}m${text}\u001b[0m` : text)).join('');
}
