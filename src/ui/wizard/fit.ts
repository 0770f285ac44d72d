import { listWindow } from '../scroll.js';

/** One line of the wizard's frame: its text, and what it is (the view picks a style for it, or none). */
export interface Line {
  text: string;
  tone?: 'title' | 'active' | 'error' | 'hint' | 'muted' | 'ok' | 'keys';
  /** Broken over several rows when too wide (messages, hints), where other lines are cut short. */
  wrap?: boolean;
}

/** A frame before it meets the terminal: lines always shown, a list that may scroll, and the key bar. */
export interface Screen {
  head: Line[];
  body: Line[];
  /** The body lines that must stay in view (the choice under the cursor, the field and its error). */
  focus: { from: number; to: number };
  keys: string;
}

/** The screen with its wrapping lines broken to `columns`, so that each line is one row of the terminal. */
export function wrapped(screen: Screen, columns: number): Screen {
  const rows = (lines: Line[]) => lines.map((line) => (line.wrap ? broken(line, columns) : [line]));
  const body = rows(screen.body);
  const firstRow = body.map((_, index) => body.slice(0, index).reduce((sum, row) => sum + row.length, 0));
  const focus =
    body.length === 0
      ? screen.focus
      : { from: firstRow[screen.focus.from], to: firstRow[screen.focus.to] + body[screen.focus.to].length - 1 };
  return { ...screen, head: rows(screen.head).flat(), body: body.flat(), focus };
}

/** A line broken at spaces into rows of at most `columns` characters, the rows after the first indented. */
function broken(line: Line, columns: number): Line[] {
  const indent = `${/^ */.exec(line.text)![0]}  `;
  if (columns <= indent.length + 8) return [line];
  const rows: Line[] = [];
  let rest = line.text;
  while (rest.length > columns) {
    let cut = rest.lastIndexOf(' ', columns);
    if (cut <= indent.length) cut = columns;
    rows.push({ ...line, text: rest.slice(0, cut) });
    rest = indent + rest.slice(cut).trimStart();
  }
  rows.push({ ...line, text: rest });
  return rows;
}

/**
 * The frame cut to `height` lines: Ink 6 clears the whole terminal on every frame once the frame is as tall as the
 * terminal, so the caller passes rows − 1. The body scrolls around its focus, with "↑ n more" / "↓ n more" lines.
 */
export function fitFrame(screen: Screen, height: number): Line[] {
  const keys: Line = { text: screen.keys, tone: 'keys' };
  if (!Number.isFinite(height)) return [...screen.head, ...screen.body, keys];
  const room = Math.max(0, Math.floor(height) - 1);
  const head = screen.head.slice(0, room);
  return [...head, ...scrolled(screen.body, screen.focus, room - head.length), keys].slice(0, Math.max(1, Math.floor(height)));
}

/** The lines that fit in `rows`, scrolled as little as keeps the end of the focus in view (its start too, if it fits). */
export function scrolled(lines: Line[], focus: Screen['focus'], rows: number): Line[] {
  const view = listWindow(lines.length, focus, rows);
  return [
    ...(view.above ? [{ text: `  ↑ ${view.start} more`, tone: 'muted' as const }] : []),
    ...lines.slice(view.start, view.end),
    ...(view.below ? [{ text: `  ↓ ${lines.length - view.end} more`, tone: 'muted' as const }] : []),
  ];
}
