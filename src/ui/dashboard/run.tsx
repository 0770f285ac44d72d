import { render } from 'ink';
import type { ScanControls, ScanWatch } from '../../scan/model.js';
import { ScanBoard } from './board.js';
import { Dashboard, FRAMES_PER_SECOND } from './dashboard.js';

export interface Terminal {
  /** Where the frame is drawn: stderr, so stdout stays the summary's (and can be piped). */
  output: NodeJS.WriteStream;
  input: NodeJS.ReadStream;
  color: boolean;
}

/**
 * The dashboard alone on a terminal, for `aliaudit scan`. Closing it erases the frame, so the summary printed next
 * stays in the scrollback with nothing of the live view above it.
 */
export async function openDashboard(terminal: Terminal, controls: ScanControls): Promise<ScanWatch> {
  const board = new ScanBoard();
  // A pseudo-terminal nobody sized reports 0×0, and Ink would wrap every character.
  if (!terminal.output.columns) terminal.output.columns = 80;
  if (!terminal.output.rows) terminal.output.rows = 24;
  const instance = render(<Dashboard board={board} controls={controls} color={terminal.color} />, {
    stdout: terminal.output,
    stdin: terminal.input,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: FRAMES_PER_SECOND,
    incrementalRendering: true,
  });
  return {
    event: (event) => board.fold(event),
    close: async () => {
      // An empty frame erases the live one; unmounting alone would leave it on the screen.
      instance.rerender(null);
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
    },
  };
}
