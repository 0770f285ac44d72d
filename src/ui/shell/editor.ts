/** The line being typed and where the cursor is: a small readline, as pure functions so keys are easy to test. */
export interface LineState {
  text: string;
  cursor: number;
}

export const emptyLine: LineState = { text: '', cursor: 0 };

export function lineOf(text: string): LineState {
  return { text, cursor: text.length };
}

export function insert(state: LineState, typed: string): LineState {
  const clean = typed.replace(/\r\n|\r|\n/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return { text: state.text.slice(0, state.cursor) + clean + state.text.slice(state.cursor), cursor: state.cursor + clean.length };
}

export function backspace(state: LineState): LineState {
  if (state.cursor === 0) return state;
  return { text: state.text.slice(0, state.cursor - 1) + state.text.slice(state.cursor), cursor: state.cursor - 1 };
}

export function deleteForward(state: LineState): LineState {
  return { text: state.text.slice(0, state.cursor) + state.text.slice(state.cursor + 1), cursor: state.cursor };
}

export function move(state: LineState, to: number): LineState {
  return { text: state.text, cursor: Math.max(0, Math.min(state.text.length, to)) };
}

/** Ctrl-W: the word before the cursor, and the blanks after it. */
export function deleteWordBack(state: LineState): LineState {
  const before = state.text.slice(0, state.cursor).replace(/\S+\s*$|\s+$/, '');
  return { text: before + state.text.slice(state.cursor), cursor: before.length };
}

/** Ctrl-U: everything before the cursor. */
export function deleteToStart(state: LineState): LineState {
  return { text: state.text.slice(state.cursor), cursor: 0 };
}

/** Ctrl-K: everything after the cursor. */
export function deleteToEnd(state: LineState): LineState {
  return { text: state.text.slice(0, state.cursor), cursor: state.cursor };
}

export function wordLeft(state: LineState): LineState {
  const match = /\S+\s*$/.exec(state.text.slice(0, state.cursor));
  return move(state, match ? match.index : 0);
}

export function wordRight(state: LineState): LineState {
  const match = /^\s*\S+/.exec(state.text.slice(state.cursor));
  return move(state, state.cursor + (match ? match[0].length : state.text.length));
}

/**
 * Walks history with ↑ and ↓: `index` is the entry shown (entries.length: the line being typed, kept as `draft`).
 */
export interface Recall {
  index: number;
  draft: string;
}

export function recall(entries: readonly string[], position: Recall | undefined, line: LineState, step: -1 | 1): { line: LineState; position: Recall } {
  const current = position ?? { index: entries.length, draft: line.text };
  const index = Math.max(0, Math.min(entries.length, current.index + step));
  const text = index === entries.length ? current.draft : entries[index];
  return { line: lineOf(text), position: { ...current, index } };
}
