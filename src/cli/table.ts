import stringWidth from 'string-width';

/**
 * What a column holds, which decides how it gives way when a table is wider than the terminal. Identifiers never do:
 * what the user types next (a name, an ARN, an id, a flag, a region, a date) is shown whole. Descriptive text does.
 */
export interface ColumnRole {
  /**
   * 'id' (the default): shown whole, never cut; when there is no room for it, it spills onto a line of its own rather
   * than being cut. 'text': descriptive, cut with … (or wrapped, with `wrap`) to the width left for it.
   */
  kind?: 'id' | 'text';
  /**
   * Wrapped onto more lines of its row at spaces (and between CJK characters). An id column breaks only there, so every
   * word of it stays whole (a list of check ids, a fact); a text column also breaks a word too long for it.
   */
  wrap?: boolean;
  /** A text column is never made narrower than this (default 16): below it, it is no use. */
  min?: number;
  /**
   * What more the column gives when the text has given all it can and the table still does not fit: 'drop' leaves it
   * out (another column says the same, or JSON and CSV have it), 'line' moves it under its row, on a line of its own.
   */
  squeeze?: 'drop' | 'line';
  /** The order squeezed columns give way in: lower first (default 0; ties from the right). */
  priority?: number;
}

const GAP = 2;
/** How far a line of its own (a moved column, a spilled id) is indented under its row. */
const INDENT = 2;
const TEXT_FLOOR = 16;

export function cellWidth(text: string): number {
  return stringWidth(text);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function* graphemesOf(text: string): Generator<string> {
  for (const { segment } of graphemes.segment(text)) yield segment;
}

/** The text cut to `width` cells, ending in … when anything was left out. */
export function cut(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const grapheme of graphemesOf(text)) {
    const w = cellWidth(grapheme);
    if (used + w > width - 1) break;
    kept += grapheme;
    used += w;
  }
  return `${kept}…`;
}

interface Unit {
  text: string;
  /** A space came before it (written again when it joins the line). */
  spaced: boolean;
}

/** Words, with every wide character (CJK, emoji) a unit of its own: lines may break between them. */
function unitsOf(text: string): Unit[] {
  const units: Unit[] = [];
  let word = '';
  let spaced = false;
  const flush = () => {
    if (word) units.push({ text: word, spaced });
    if (word) spaced = false;
    word = '';
  };
  for (const grapheme of graphemesOf(text)) {
    if (grapheme === ' ') {
      flush();
      spaced = true;
    } else if (cellWidth(grapheme) >= 2) {
      flush();
      units.push({ text: grapheme, spaced });
      spaced = false;
    } else {
      word += grapheme;
    }
  }
  flush();
  return units;
}

/**
 * The text as lines of at most `width` cells, broken at spaces and between wide characters. A word longer than the
 * width is broken too with `breakWords`; without, it is kept whole on a line of its own (an id is never split).
 */
export function wrap(text: string, width: number, breakWords: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const push = () => {
    if (line) lines.push(line);
    line = '';
    used = 0;
  };
  for (const unit of unitsOf(text)) {
    const w = cellWidth(unit.text);
    const space = line && unit.spaced ? 1 : 0;
    if (used + space + w <= width) {
      line += `${space ? ' ' : ''}${unit.text}`;
      used += space + w;
      continue;
    }
    push();
    if (w <= width || !breakWords) {
      line = unit.text;
      used = w;
      continue;
    }
    for (const grapheme of graphemesOf(unit.text)) {
      const gw = cellWidth(grapheme);
      if (used + gw > width && line) push();
      line += grapheme;
      used += gw;
    }
  }
  push();
  return lines;
}

type Placement = 'inline' | 'line' | 'dropped';

interface Prepared {
  role: ColumnRole;
  header: string;
  cells: string[];
  headerWidth: number;
  natural: number;
  /** The narrowest it gets while only descriptive text gives way. */
  floor: number;
  /** For each cell, the widest part that cannot be broken (0 for text): wider than the column, it spills. */
  solid: number[];
}

function prepare(header: string, cells: string[], role: ColumnRole): Prepared {
  const headerWidth = cellWidth(header);
  const widths = cells.map(cellWidth);
  const natural = Math.max(headerWidth, ...widths);
  const longestWord = (cell: string) => Math.max(0, ...unitsOf(cell).map((unit) => cellWidth(unit.text)));
  const solid = role.kind === 'text' ? cells.map(() => 0) : role.wrap ? cells.map(longestWord) : widths;
  const floor =
    role.kind === 'text' ? Math.max(headerWidth, Math.min(natural, role.min ?? TEXT_FLOOR)) : Math.max(headerWidth, ...solid);
  return { role, header, cells, headerWidth, natural, floor, solid };
}

/** A table laid out for `total` cells: its header lines and its body lines, none wider than `total` if it can be. */
export interface Layout {
  header: string[];
  body: string[];
}

/**
 * Lays a table out to fit `total` cells, giving way in this order until it fits:
 * 1. text columns are cut or wrapped, down to their floor (a wrapped id column, down to its longest word);
 * 2. squeezed columns are dropped or moved to lines of their own, in the order of their priority;
 * 3. identifier columns get narrower than their widest cell: a row whose id does not fit spills, the id written whole
 *    and the rest of the row going on under it at its columns (as help text does with a long option);
 * 4. columns move to lines of their own, from the right, until the rest fits.
 */
export function layoutTable(headers: string[], rows: string[][], roles: ColumnRole[], total: number): Layout {
  const columns = headers.map((header, i) =>
    prepare(
      header,
      rows.map((row) => row[i]),
      roles[i] ?? {},
    ),
  );
  const placement: Placement[] = columns.map(() => 'inline');
  const inline = () => columns.map((_, i) => i).filter((i) => placement[i] === 'inline');
  const span = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);
  const fitsWith = (width: (c: Prepared) => number) => span(inline().map((i) => width(columns[i]))) <= total;

  let idsGiveWay = false;
  if (!fitsWith((c) => c.natural)) {
    const squeezes = columns
      .map((column, index) => ({ column, index }))
      .filter(({ column }) => column.role.squeeze)
      .sort((a, b) => (a.column.role.priority ?? 0) - (b.column.role.priority ?? 0) || b.index - a.index);
    const applied: number[] = [];
    for (const { column, index } of squeezes) {
      if (fitsWith((c) => c.floor)) break;
      if (inline().length > 1) placement[index] = column.role.squeeze === 'drop' ? 'dropped' : 'line';
      applied.push(index);
    }
    // Only as far as needed: a column that gave way before a later one made room comes back if it fits again.
    if (fitsWith((c) => c.floor)) {
      for (const index of applied.slice(0, -1).reverse()) {
        const was = placement[index];
        placement[index] = 'inline';
        if (!fitsWith((c) => c.floor)) placement[index] = was;
      }
    }
    if (!fitsWith((c) => c.floor)) {
      idsGiveWay = true;
      const narrowest = (c: Prepared) => (c.role.kind === 'text' ? c.floor : c.headerWidth);
      for (let i = columns.length - 1; i > 0 && !fitsWith(narrowest); i--) {
        if (placement[i] === 'inline' && inline().length > 1) placement[i] = 'line';
      }
    }
  }

  const shown = inline();
  const widths = new Map(shown.map((i) => [i, columns[i].natural]));
  let excess = span([...widths.values()]) - total;
  // Text first, widest first, as far as its floor.
  while (excess > 0) {
    const candidates = shown.filter((i) => (columns[i].role.kind === 'text' || columns[i].role.wrap) && widths.get(i)! > columns[i].floor);
    if (candidates.length === 0) break;
    const widest = candidates.reduce((a, b) => (widths.get(b)! > widths.get(a)! ? b : a));
    widths.set(widest, widths.get(widest)! - 1);
    excess -= 1;
  }
  // Then one identifier column, the one that spills the fewest rows, so that the rest of the table stays aligned.
  while (idsGiveWay && excess > 0) {
    const candidates = shown.filter((i) => columns[i].role.kind !== 'text' && widths.get(i)! > columns[i].headerWidth);
    if (candidates.length === 0) break;
    const room = (i: number) => widths.get(i)! - columns[i].headerWidth;
    const spills = (i: number) => columns[i].solid.filter((w) => w > widths.get(i)! - excess).length;
    const alone = candidates.filter((i) => room(i) >= excess);
    const best = alone.length
      ? alone.reduce((a, b) => (spills(b) < spills(a) || (spills(b) === spills(a) && widths.get(b)! > widths.get(a)!) ? b : a))
      : candidates.reduce((a, b) => (widths.get(b)! > widths.get(a)! ? b : a));
    const given = Math.min(excess, room(best));
    widths.set(best, widths.get(best)! - given);
    excess -= given;
  }

  const starts = new Map<number, number>();
  let x = 0;
  for (const i of shown) {
    starts.set(i, x);
    x += widths.get(i)! + GAP;
  }
  const moved = columns.map((_, i) => i).filter((i) => placement[i] === 'line');
  const grid = { shown, widths, starts, moved, total };
  return {
    header: [
      ...renderRow(grid, columns, (i) => [columns[i].header], false),
      ...moved.map((i) => `${' '.repeat(INDENT)}${columns[i].header}`),
    ],
    body: rows.flatMap((_, r) => renderRow(grid, columns, (i, width) => fragments(columns[i].cells[r], width, columns[i].role), true)),
  };
}

interface Grid {
  shown: number[];
  widths: Map<number, number>;
  starts: Map<number, number>;
  moved: number[];
  total: number;
}

function fragments(cell: string, width: number, role: ColumnRole): string[] {
  if (cell === '') return [];
  if (role.kind === 'text') return role.wrap ? wrap(cell, width, true) : [cut(cell, width)];
  return role.wrap ? wrap(cell, width, false) : [cell];
}

/** One row as lines: each cell at its column, pushed down a line where a wider cell before it spilled over. */
function renderRow(grid: Grid, columns: Prepared[], cell: (column: number, width: number) => string[], withMoved: boolean): string[] {
  const lines: { text: string; end: number }[] = [];
  const own: string[] = [];
  const free = (line: number, x: number) => line >= lines.length || lines[line].end === 0 || lines[line].end + GAP <= x;
  const put = (line: number, x: number, text: string) => {
    while (lines.length <= line) lines.push({ text: '', end: 0 });
    const target = lines[line];
    target.text += `${' '.repeat(x - target.end)}${text}`;
    target.end = x + cellWidth(text);
  };
  // The rest of a row goes on after a spill, never above it.
  let start = 0;
  for (const i of grid.shown) {
    const x = grid.starts.get(i)!;
    const placed: string[] = [];
    for (const part of cell(i, grid.widths.get(i)!)) {
      if (part === '') continue;
      // A part that cannot fit at its column even alone on a line goes on a line of its own, whole.
      if (x <= INDENT || x + cellWidth(part) <= grid.total) placed.push(part);
      else own.push(part);
    }
    if (placed.length === 0) continue;
    while (!placed.every((_, j) => free(start + j, x))) start += 1;
    placed.forEach((part, j) => put(start + j, x, part));
  }
  const text = [...lines.map((line) => line.text), ...own.map((part) => `${' '.repeat(INDENT)}${part}`)];
  if (withMoved) {
    for (const i of grid.moved) {
      for (const part of cell(i, grid.total - INDENT)) text.push(`${' '.repeat(INDENT)}${part}`);
    }
  }
  return text.length > 0 ? text : [''];
}
