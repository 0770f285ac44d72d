import { jsonVisible, visible } from '../core/visible.js';
import type { IO } from './context.js';

/** JSON as the API shaped it, every value exact; characters a terminal would act on are escaped (\\u009b). */
export function printJson(io: IO, value: unknown): void {
  io.stdout.write(`${jsonVisible(JSON.stringify(value, null, 2))}\n`);
}

/**
 * Progress, hints and warnings: stderr only. The message is plain text, shown visibly (it may quote a user name or a
 * resource): colour it with `colour`, never by painting it first.
 */
export function note(io: IO, message: string, colour?: Colour): void {
  io.stderr.write(`${colour ? paint(io, colour, message) : visible(message, { lines: true })}\n`);
}

export function warn(io: IO, message: string): void {
  io.stderr.write(`${paint(io, 'yellow', 'warning:')} ${visible(message, { lines: true })}\n`);
}

const codes = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof codes;

/** The text, shown visibly, in a colour when colour is allowed: the only escape sequences aliaudit writes are these. */
export function paint(io: IO, colour: Colour, text: string): string {
  const shown = visible(text, { lines: true });
  return io.color ? `\u001B[${codes[colour]}m${shown}\u001B[0m` : shown;
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
}

/**
 * A plain table that fits the terminal width: on a TTY padded columns, otherwise tab-separated. Every cell is shown
 * visibly, so a name cannot carry an escape sequence, a tab or a line break into the table.
 */
export function printTable<Row>(io: IO, rows: Row[], columns: Column<Row>[]): void {
  const cells = rows.map((row) => columns.map((c) => visible(c.value(row))));
  const headers = columns.map((c) => visible(c.header.toUpperCase()));
  if (!io.stdoutIsTTY) {
    io.stdout.write(`${headers.join('\t')}\n`);
    for (const line of cells) io.stdout.write(`${line.join('\t')}\n`);
    return;
  }
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((line) => line[i].length)));
  shrinkToFit(widths, io.columns);
  const render = (line: string[]) =>
    line
      .map((cell, i) => fit(cell, widths[i], i === line.length - 1))
      .join('  ')
      .trimEnd();
  io.stdout.write(`${paint(io, 'bold', render(headers))}\n`);
  for (const line of cells) io.stdout.write(`${render(line)}\n`);
}

function shrinkToFit(widths: number[], columns: number): void {
  const gap = 2 * (widths.length - 1);
  let total = widths.reduce((a, b) => a + b, 0) + gap;
  while (total > columns) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 8) break;
    widths[widest] -= 1;
    total -= 1;
  }
}

function fit(cell: string, width: number, last: boolean): string {
  const length = cell.length;
  if (length > width) return `${cell.slice(0, Math.max(0, width - 1))}…`;
  return last ? cell : cell + ' '.repeat(width - length);
}
