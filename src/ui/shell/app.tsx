/**
 * The interactive shell's screen: what has run so far scrolls up as ordinary terminal output (Ink's <Static>, so it
 * stays in scrollback and is never redrawn), and below it a small live area: the prompt and the line being typed,
 * completion candidates, a running command's last partial line, or a question it asks; then a one-line key bar.
 * The live area stays far below the terminal's height, so Ink never falls back to clearing the screen.
 */
import { PassThrough } from 'node:stream';
import { Box, Static, Text, useStdout } from 'ink';
import stringWidth from 'string-width';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Context, IO } from '../../cli/context.js';
import { savedMessage } from '../../../profiles/service.js';
import { Wizard, type WizardResult } from '../wizard/index.js';
import { applyCompletion, commonPrefix, type Candidate } from '../../cli/shell/completion.js';
import type { History } from '../../cli/shell/history.js';
import type { LineResult, ShellSession } from '../../cli/shell/session.js';
import { InterruptedError } from '../../core/errors.js';
import { boundedMessage, visible } from '../../core/visible.js';
import * as edit from './editor.js';
import type { Key } from '../keys.js';
import { type PromptRequest, shellPrompter } from './prompter.js';
import { useKeys } from '../use-keys.js';
import { useTerminalSize } from '../use-terminal-size.js';
import type { ScanControls, WatchScan } from '../../scan/model.js';
import { ScanBoard } from '../dashboard/board.js';
import { Dashboard } from '../dashboard/dashboard.js';

export interface ShellAppProps {
  session: ShellSession;
  /** The history to use; it may be replaced once the persisted one has loaded. */
  history: { current: History };
  color: boolean;
  onExit(code: number): void;
  /** Something to tell the user once, above the prompt (a history file that had to be replaced). */
  notice?: string;
}

/** Erases the screen and its scrollback, and puts the cursor at the top: what `clear` and Ctrl-L do. */
const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

interface Printed {
  id: number;
  text: string;
  tone?: 'command' | 'error' | 'note';
}

type Mode =
  | { kind: 'edit' }
  | { kind: 'running'; line: string; started: number; controller: AbortController; scan?: { board: ScanBoard; controls: ScanControls } }
  | { kind: 'search'; query: string; match?: { index: number; entry: string } }
  | { kind: 'prompt'; request: PromptRequest; line: edit.LineState; selected: number; error?: string; previous: Mode }
  | { kind: 'wizard'; ctx: Context };

const FRAME_MS = 33;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MAX_CANDIDATE_ROWS = 8;

export function ShellApp({ session, history, color, onExit, notice }: ShellAppProps) {
  const size = useTerminalSize({ columns: 80, rows: 24 });
  const [printed, setPrinted] = useState<Printed[]>([]);
  const [partial, setPartial] = useState('');
  // Keys can come several to a chunk, faster than React renders: the handlers read and write these refs, and the
  // state only draws them.
  const [line, drawLine] = useState<edit.LineState>(edit.emptyLine);
  const [mode, drawMode] = useState<Mode>({ kind: 'edit' });
  const lineRef = useRef(line);
  const modeRef = useRef(mode);
  const setLine = useCallback((next: edit.LineState) => drawLine((lineRef.current = next)), []);
  const setMode = useCallback((next: Mode | ((current: Mode) => Mode)) => {
    modeRef.current = typeof next === 'function' ? next(modeRef.current) : next;
    drawMode(modeRef.current);
  }, []);
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [hint, setHint] = useState('');
  const [leaving, setLeaving] = useState(false);
  const [tick, setTick] = useState(0);
  const [, sessionChanged] = useReducer((n: number) => n + 1, 0);
  const recallRef = useRef<edit.Recall | undefined>(undefined);
  /** Keys typed while a command runs: they wait for the prompt, as in any shell (Ctrl-C alone acts at once). */
  const typeahead = useRef<Key[]>([]);
  const dispatchRef = useRef<(key: Key) => void>(() => {});
  const nextId = useRef(0);
  const pending = useRef({ text: '', timer: undefined as NodeJS.Timeout | undefined });

  // Written through Ink, which takes its live area off the screen first and draws it again at once after.
  const { write: writeAbove } = useStdout();
  const [clears, clearScreen] = useReducer((n: number) => n + 1, 0);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    // After the frame that asked for it, so that what it printed (the `clear` line itself) is cleared too.
    if (clears === 0) return;
    writeAbove(CLEAR_SCREEN);
    // Drawn once more in any case: a renderer that does not restore its frame after a write (Ink's debug mode, in
    // tests) must not leave the screen blank either; Ink writes nothing when the frame is unchanged.
    redraw();
  }, [clears, writeAbove]);

  useEffect(() => session.subscribe(sessionChanged), [session]);
  useEffect(() => {
    if (mode.kind !== 'running') return;
    const timer = setInterval(() => setTick((n) => n + 1), 100);
    return () => clearInterval(timer);
  }, [mode.kind]);

  const print = useCallback((text: string, tone?: Printed['tone']) => {
    setPrinted((items) => [...items, { id: nextId.current++, text, tone }]);
  }, []);
  useEffect(() => {
    if (notice) print(`aliaudit: ${boundedMessage(notice)}`, 'note');
  }, [notice, print]);

  /** Leaves the prompt line in scrollback as bash does, takes the live area off the screen, then ends. */
  const leave = useCallback(
    (code: number) => {
      print(`${session.prompt()} exit`, 'command');
      setLeaving(true);
      setTimeout(() => onExit(code), FRAME_MS + 10);
    },
    [print, session, onExit],
  );

  /** Output of the running command, coalesced into frames: whole lines go up into scrollback, the rest waits. */
  const flush = useCallback(() => {
    const state = pending.current;
    clearTimeout(state.timer);
    state.timer = undefined;
    const cut = state.text.lastIndexOf('\n');
    if (cut >= 0) {
      print(state.text.slice(0, cut));
      state.text = state.text.slice(cut + 1);
    }
    setPartial(state.text);
  }, [print]);

  const output = useCallback(
    (chunk: string) => {
      const state = pending.current;
      state.text += chunk;
      state.timer ??= setTimeout(flush, FRAME_MS);
    },
    [flush],
  );

  const io = useMemo<IO>(() => {
    const stdin = new PassThrough();
    stdin.end();
    const writer = { write: (chunk: string) => (output(String(chunk)), true) };
    return { stdout: writer, stderr: writer, stdin, stdoutIsTTY: true, stderrIsTTY: true, stdinIsTTY: true, color, columns: size.columns, inheritable: false };
  }, [output, color, size.columns]);

  const prompter = useMemo(
    () =>
      shellPrompter(
        (request) => {
          flush();
          setMode((current) => ({ kind: 'prompt', request, line: edit.emptyLine, selected: 0, previous: current }));
        },
        () => new InterruptedError(),
      ),
    [flush, setMode],
  );

  /** A scan run at the prompt shows the dashboard in the live area until it ends; its summary then prints as usual. */
  const watchScan = useCallback<WatchScan>(
    async (controls) => {
      const board = new ScanBoard();
      setMode((current) => (current.kind === 'running' ? { ...current, scan: { board, controls } } : current));
      return {
        event: (event) => board.fold(event),
        close: async () => {
          setMode((current) => (current.kind === 'running' ? { ...current, scan: undefined } : current));
          await new Promise((resolve) => setTimeout(resolve, FRAME_MS + 10));
        },
      };
    },
    [setMode],
  );

  const finishPrompt = useCallback(
    (shown: string) => {
      setMode((current) => {
        if (current.kind !== 'prompt') return current;
        print(visible(`${current.request.question}${shown ? ` ${shown}` : ''}`), 'note');
        return current.previous;
      });
    },
    [print, setMode],
  );

  const run = useCallback(
    async (text: string) => {
      const typed = text.trim();
      print(`${session.prompt()} ${visible(text)}`, 'command');
      setLine(edit.emptyLine);
      setCandidates([]);
      setHint('');
      recallRef.current = undefined;
      if (typed === '') return;
      history.current.add(typed);
      const controller = new AbortController();
      if (session.isWizardLine(typed)) return setMode({ kind: 'wizard', ctx: session.contextFor(io, controller.signal) });
      setMode({ kind: 'running', line: typed, started: Date.now(), controller });
      let result: LineResult;
      try {
        result = await session.run(typed, io, controller.signal, { prompter, watchScan });
      } catch (error) {
        output(`aliaudit: error: unexpected: ${error instanceof Error ? error.message : String(error)}\n`);
        result = { exitCode: 1 };
      }
      flush();
      if (pending.current.text) {
        print(pending.current.text);
        pending.current.text = '';
        setPartial('');
      }
      // A `cancelling…` said while it ran is over with it.
      setHint('');
      setMode({ kind: 'edit' });
      if (result.exit) return leave(0);
      if (result.clear) clearScreen();
      for (const key of typeahead.current.splice(0)) dispatchRef.current(key);
    },
    [session, history, io, prompter, watchScan, flush, print, output, leave, clearScreen, setLine, setMode],
  );

  const complete = useCallback(() => {
    const line = lineRef.current;
    const completion = session.complete(line.text, line.cursor);
    const values = completion.candidates.map((candidate) => candidate.value);
    if (values.length === 0) {
      setCandidates([]);
      return;
    }
    if (values.length === 1) {
      const next = applyCompletion(line.text, completion, values[0]);
      setLine({ text: next.line, cursor: next.cursor });
      setCandidates([]);
      return;
    }
    const prefix = commonPrefix(values);
    if (prefix.length > completion.typed.length) {
      const next = applyCompletion(line.text, completion, prefix, false);
      setLine({ text: next.line, cursor: next.cursor });
    }
    setCandidates(completion.candidates);
  }, [session, setLine]);

  const dispatch = (key: Key) => {
    const mode = modeRef.current;
    // The wizard reads the keys itself.
    if (mode.kind === 'wizard') return;
    // The dashboard reads the keys itself; its Ctrl-C stops the scan.
    if (mode.kind === 'running' && mode.scan) return;
    if (mode.kind === 'running') {
      if (key.ctrl && key.text === 'c') {
        typeahead.current = [];
        mode.controller.abort();
        setHint('cancelling…');
      } else {
        typeahead.current.push(key);
      }
      return;
    }
    setHint('');
    if (mode.kind === 'prompt') return promptKey(mode, key);
    if (mode.kind === 'search') return searchKey(mode, key);
    editKey(key);
  };
  dispatchRef.current = dispatch;
  useKeys(dispatch);

  function editKey(key: Key) {
    const line = lineRef.current;
    const input = key.name === 'text' ? key.text : '';
    if (key.ctrl && input === 'c') {
      if (line.text) print(`${session.prompt()} ${visible(line.text)}^C`, 'command');
      else setHint('Ctrl-D or exit leaves the shell');
      setLine(edit.emptyLine);
      setCandidates([]);
      recallRef.current = undefined;
      return;
    }
    if (key.ctrl && input === 'd') {
      if (line.text === '') return leave(0);
      return setLine(edit.deleteForward(line));
    }
    if (key.name === 'return') return void run(line.text);
    if (key.name === 'tab') return complete();
    if (key.ctrl && input === 'r') return setMode({ kind: 'search', query: '' });
    if (key.ctrl && input === 'l') return clearScreen();
    if (key.name === 'up' || key.name === 'down') {
      const { line: next, position } = edit.recall(history.current.all, recallRef.current, line, key.name === 'up' ? -1 : 1);
      recallRef.current = position;
      setCandidates([]);
      return setLine(next);
    }
    setCandidates([]);
    if (key.name === 'left') return setLine(key.ctrl || key.meta ? edit.wordLeft(line) : edit.move(line, line.cursor - 1));
    if (key.name === 'right') return setLine(key.ctrl || key.meta ? edit.wordRight(line) : edit.move(line, line.cursor + 1));
    if (key.name === 'home' || (key.ctrl && input === 'a')) return setLine(edit.move(line, 0));
    if (key.name === 'end' || (key.ctrl && input === 'e')) return setLine(edit.move(line, line.text.length));
    if (key.ctrl && input === 'w') return setLine(edit.deleteWordBack(line));
    if (key.ctrl && input === 'u') return setLine(edit.deleteToStart(line));
    if (key.ctrl && input === 'k') return setLine(edit.deleteToEnd(line));
    if (key.meta && input === 'b') return setLine(edit.wordLeft(line));
    if (key.meta && input === 'f') return setLine(edit.wordRight(line));
    if (key.name === 'backspace') return setLine(key.meta ? edit.deleteWordBack(line) : edit.backspace(line));
    if (key.name === 'delete') return setLine(edit.deleteForward(line));
    if (key.name !== 'text' || key.ctrl || key.meta) return;
    setLine(edit.insert(line, input));
  }

  function searchKey(mode: Extract<Mode, { kind: 'search' }>, key: Key) {
    const input = key.name === 'text' ? key.text : '';
    if ((key.ctrl && (input === 'c' || input === 'g')) || key.name === 'escape') {
      setMode({ kind: 'edit' });
      if (key.name === 'escape' && mode.match) setLine(edit.lineOf(mode.match.entry));
      return;
    }
    if (key.name === 'return') {
      setMode({ kind: 'edit' });
      return void run(mode.match?.entry ?? lineRef.current.text);
    }
    if (key.ctrl && input === 'r') {
      const older = mode.match ? history.current.search(mode.query, mode.match.index) : undefined;
      if (older) setMode({ ...mode, match: older });
      return;
    }
    if (key.name === 'left' || key.name === 'right' || key.name === 'tab') {
      setMode({ kind: 'edit' });
      if (mode.match) setLine(edit.lineOf(mode.match.entry));
      return;
    }
    const query = key.name === 'backspace' ? mode.query.slice(0, -1) : key.ctrl || key.meta ? mode.query : mode.query + input;
    setMode({ kind: 'search', query, match: query ? history.current.search(query) : undefined });
  }

  function promptKey(mode: Extract<Mode, { kind: 'prompt' }>, key: Key) {
    const input = key.name === 'text' ? key.text : '';
    const { request } = mode;
    if (key.ctrl && input === 'c') {
      finishPrompt('^C');
      request.cancel();
      return;
    }
    if (request.kind === 'choose') {
      const count = request.choices.length;
      if (key.name === 'up') return setMode({ ...mode, selected: (mode.selected + count - 1) % count });
      if (key.name === 'down') return setMode({ ...mode, selected: (mode.selected + 1) % count });
      if (key.name === 'return') {
        const choice = request.choices[mode.selected];
        finishPrompt(choice.label);
        request.answer(choice.value);
      }
      return;
    }
    if (request.kind === 'confirm') {
      if (/^[yn]$/i.test(input) || key.name === 'return') {
        const yes = /^y$/i.test(input);
        finishPrompt(yes ? 'yes' : 'no');
        request.answer(yes);
      }
      return;
    }
    if (key.name === 'return') {
      const problem = request.validate?.(mode.line.text);
      if (problem) return setMode({ ...mode, error: problem });
      finishPrompt(request.secret ? '(hidden)' : mode.line.text);
      request.answer(mode.line.text);
      return;
    }
    if (key.name === 'backspace') return setMode({ ...mode, line: edit.backspace(mode.line), error: undefined });
    if (key.name === 'left') return setMode({ ...mode, line: edit.move(mode.line, mode.line.cursor - 1) });
    if (key.name === 'right') return setMode({ ...mode, line: edit.move(mode.line, mode.line.cursor + 1) });
    if (key.name !== 'text' || key.ctrl || key.meta) return;
    setMode({ ...mode, line: edit.insert(mode.line, input), error: undefined });
  }

  const wizardDone = (result: WizardResult) => {
    if (result.outcome === 'saved') print(visible(savedMessage(result.saved)), 'note');
    else if (result.outcome === 'cancelled') print('Cancelled: nothing was changed.', 'note');
    else print(`aliaudit: error: ${boundedMessage(result.error instanceof Error ? result.error.message : String(result.error))}`, 'error');
    session.profilesChanged();
    setMode({ kind: 'edit' });
  };

  const tone = (name: string) => (color ? { color: name } : {});
  const keyBar =
    mode.kind === 'running'
      ? 'Ctrl-C cancel'
      : mode.kind === 'search'
        ? 'Enter run · Esc edit · Ctrl-R older · Ctrl-C back'
        : mode.kind === 'prompt'
          ? mode.request.kind === 'choose'
            ? '↑↓ choose · Enter pick · Ctrl-C cancel'
            : 'Enter answer · Ctrl-C cancel'
          : 'Tab complete · ↑↓ history · Ctrl-R search · help · Ctrl-D exit';
  const room = Math.max(1, Math.min(MAX_CANDIDATE_ROWS, size.rows - 6));

  return (
    <>
      <Static items={printed}>
        {(item) => (
          <Box key={item.id} width={Math.max(size.columns, widestLine(item.text))}>
            <Text {...(item.tone === 'command' ? tone('cyan') : item.tone === 'note' ? { dimColor: true } : {})}>{item.text}</Text>
          </Box>
        )}
      </Static>
      {mode.kind === 'wizard' ? <Wizard ctx={mode.ctx} onDone={wizardDone} height={size.rows - 1} /> : null}
      {mode.kind === 'running' && mode.scan ? <Dashboard board={mode.scan.board} controls={mode.scan.controls} color={color} /> : null}
      {leaving || mode.kind === 'wizard' || (mode.kind === 'running' && mode.scan) ? null : (
        <Box flexDirection="column">
          {mode.kind === 'running' && partial ? <Text wrap="truncate-end">{partial}</Text> : null}
          {mode.kind === 'running' ? (
            <Text>
              <Text {...tone('yellow')}>{SPINNER[tick % SPINNER.length]}</Text> {mode.line}{' '}
              <Text dimColor>{Math.floor((Date.now() - mode.started) / 1000)}s</Text>
            </Text>
          ) : null}
          {mode.kind === 'prompt' ? <PromptView mode={mode} tone={tone} /> : null}
          {mode.kind === 'edit' ? (
            <Text>
              <Text {...tone('cyan')}>{session.prompt()}</Text> <Cursor line={line} />
            </Text>
          ) : null}
          {mode.kind === 'search' ? (
            <Text>
              <Text {...tone('cyan')}>(history search)</Text> {mode.query}
              <Text inverse> </Text> {mode.match ? visible(mode.match.entry) : mode.query ? <Text dimColor>no match</Text> : null}
            </Text>
          ) : null}
          {mode.kind === 'edit' && candidates.length > 0 ? <Candidates candidates={candidates} rows={room} width={size.columns} /> : null}
          {hint ? <Text dimColor>{hint}</Text> : null}
          <Text dimColor wrap="truncate-end">
            {keyBar}
          </Text>
        </Box>
      )}
    </>
  );
}

/**
 * Output goes up a line at a time, each line whole however long (its box as wide as its widest line): the terminal
 * wraps it, so a long ARN or command copied from the screen is one line. Wrapped here, it would hold a line break,
 * and a fix command pasted from it would run as two broken commands.
 */
function widestLine(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => stringWidth(line)));
}

function Cursor({ line }: { line: edit.LineState }) {
  const at = line.text[line.cursor] ?? ' ';
  return (
    <Text>
      {visible(line.text.slice(0, line.cursor))}
      <Text inverse>{visible(at)}</Text>
      {visible(line.text.slice(line.cursor + 1))}
    </Text>
  );
}

function PromptView({ mode, tone }: { mode: Extract<Mode, { kind: 'prompt' }>; tone: (name: string) => object }) {
  const { request } = mode;
  if (request.kind === 'choose') {
    return (
      <Box flexDirection="column">
        <Text>{visible(request.question)}</Text>
        {request.choices.map((choice, index) => (
          <Text key={choice.value} {...(index === mode.selected ? tone('cyan') : {})}>
            {index === mode.selected ? '› ' : '  '}
            {visible(choice.label)}
          </Text>
        ))}
      </Box>
    );
  }
  if (request.kind === 'confirm') return <Text>{visible(request.question)}? [y/N]</Text>;
  const shown = request.secret ? { text: '', cursor: 0 } : mode.line;
  return (
    <Box flexDirection="column">
      <Text>
        {visible(request.question)}: <Cursor line={shown} />
        {request.secret && mode.line.text ? <Text dimColor> (hidden, {mode.line.text.length} typed)</Text> : null}
      </Text>
      {mode.error ? <Text {...tone('red')}>{visible(mode.error)}</Text> : null}
    </Box>
  );
}

function Candidates({ candidates, rows, width }: { candidates: Candidate[]; rows: number; width: number }) {
  const shown = candidates.slice(0, rows);
  const left = Math.min(Math.max(...shown.map((c) => c.value.length)) + 2, Math.floor(width / 2));
  return (
    <Box flexDirection="column">
      {shown.map((candidate) => (
        <Text key={candidate.value} wrap="truncate-end">
          {visible(candidate.value).padEnd(left)}
          <Text dimColor>{visible(candidate.describe ?? '')}</Text>
        </Text>
      ))}
      {candidates.length > shown.length ? <Text dimColor>… {candidates.length - shown.length} more: type more letters and press Tab</Text> : null}
    </Box>
  );
}
