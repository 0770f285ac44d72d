import { Box, Text, type TextProps } from 'ink';
import type { Key } from '../keys.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { useKeys } from '../use-keys.js';
import { type Dispatch, useEffect, useReducer, useRef, useState } from 'react';
import type { ConfigFile } from '../../../profiles/model.js';
import { saveProfile, type SavedProfile } from '../../../profiles/service.js';
import type { Context } from '../../cli/context.js';
import { visible } from '../../core/visible.js';
import { fitFrame, type Line, wrapped } from './fit.js';
import { checkIdentity } from './live-check.js';
import { screenOf } from './screen.js';
import { advance, problemOf, startState, type WizardEvent, type WizardKey, type WizardState } from './steps.js';

/** How the wizard ended: a saved profile, a cancel (nothing written), or a config.json it could not read. */
export type WizardResult = { outcome: 'saved'; saved: SavedProfile } | { outcome: 'cancelled' } | { outcome: 'failed'; error: unknown };

export interface WizardProps {
  ctx: Context;
  /** Called once, when the wizard ends; it then draws nothing. */
  onDone(result: WizardResult): void;
  /** Rows it may draw in (a host app keeps some for itself); else the terminal's rows − 1. */
  height?: number;
}

/** `aliaudit configure` on a terminal: name, mode, fields, a live whoami, then the same save as `configure set`. */
export function Wizard({ ctx, onDone, height }: WizardProps) {
  const [config, setConfig] = useState<ConfigFile>();
  const finish = useOnce(onDone);
  useEffect(() => {
    let open = true;
    ctx.store.read().then(
      (read) => open && setConfig(read.config),
      (error: unknown) => open && finish({ outcome: 'failed', error }),
    );
    return () => {
      open = false;
    };
  }, [ctx, finish]);
  return config ? <Steps ctx={ctx} config={config} finish={finish} height={height} /> : null;
}

function Steps({ ctx, config, finish, height }: { ctx: Context; config: ConfigFile; finish: (result: WizardResult) => void; height?: number }) {
  const [state, dispatch] = useReducer(advance, undefined, () =>
    startState(config, { env: ctx.env, cwd: ctx.cwd, homedir: ctx.homedir }, ctx.selection.profile),
  );
  useKeys((key) => {
    const event = wizardKey(key);
    if (event) dispatch(event);
  });
  useLiveCheck(ctx, state, dispatch);
  useSave(ctx, state, dispatch);
  useEffect(() => {
    if (state.step === 'saved') finish({ outcome: 'saved', saved: state.saved! });
    if (state.step === 'cancelled') finish({ outcome: 'cancelled' });
  }, [state.step, state.saved, finish]);

  const { rows, columns } = useTerminalSize({ columns: ctx.io.columns, rows: undefined });
  const screen = screenOf(state, ctx.store.path);
  if (!screen) return null;
  const lines = fitFrame(wrapped(screen, columns), height ?? (rows ? rows - 1 : Number.POSITIVE_INFINITY));
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate-end" {...styleOf(line, ctx.io.color)}>
          {visible(line.text) || ' '}
        </Text>
      ))}
    </Box>
  );
}

/** Runs the live check each time one is asked for; a skipped or superseded check is aborted and its answer ignored. */
function useLiveCheck(ctx: Context, state: WizardState, dispatch: Dispatch<WizardEvent>): void {
  const attempt = state.check.status === 'running' ? state.check.attempt : undefined;
  const preview = state.preview;
  useEffect(() => {
    if (attempt === undefined || !preview) return;
    const stop = new AbortController();
    void checkIdentity(ctx, preview.config, preview.saved.profile.name, stop.signal).then((result) => dispatch({ kind: 'checked', attempt, result }));
    return () => stop.abort();
  }, [ctx, attempt, preview, dispatch]);
}

function useSave(ctx: Context, state: WizardState, dispatch: Dispatch<WizardEvent>): void {
  const changes = state.step === 'saving' ? state.preview?.changes : undefined;
  useEffect(() => {
    if (!changes) return;
    saveProfile(ctx.store, ctx.env, changes).then(
      (saved) => dispatch({ kind: 'saved', saved }),
      (error: unknown) => dispatch({ kind: 'save-failed', problem: problemOf(error) }),
    );
  }, [ctx, changes, dispatch]);
}


/** A callback that runs only the first time, whatever re-renders happen after. */
function useOnce<T>(callback: (value: T) => void): (value: T) => void {
  const latest = useRef(callback);
  latest.current = callback;
  const called = useRef(false);
  return useState(() => (value: T) => {
    if (called.current) return;
    called.current = true;
    latest.current(value);
  })[0];
}

/** The wizard's keys: Shift-Tab and ↑ go up, Tab and ↓ go down, Backspace and Delete both erase. */
function wizardKey(key: Key): WizardKey | undefined {
  if (key.ctrl && key.text === 'c') return { kind: 'cancel' };
  if (key.ctrl && key.text === 'u') return { kind: 'clear' };
  if (key.name === 'escape') return { kind: 'escape' };
  if (key.name === 'return') return { kind: 'enter' };
  if (key.name === 'up' || key.name === 'backtab') return { kind: 'up' };
  if (key.name === 'down') return { kind: 'down' };
  if (key.name === 'tab') return { kind: 'tab' };
  if (key.name === 'backspace' || key.name === 'delete') return { kind: 'backspace' };
  if (key.name !== 'text' || key.ctrl || key.meta) return undefined;
  return { kind: 'text', text: key.text };
}

const STYLES: Record<NonNullable<Line['tone']>, TextProps> = {
  title: { bold: true, color: 'cyan' },
  active: { color: 'cyan' },
  error: { color: 'red' },
  hint: { color: 'yellow' },
  muted: { dimColor: true },
  ok: { color: 'green' },
  keys: { dimColor: true },
};

/** No styling at all without colour (NO_COLOR, --no-color, TERM=dumb): the › marker carries the choice. */
function styleOf(line: Line, color: boolean): TextProps {
  return color && line.tone ? STYLES[line.tone] : {};
}
