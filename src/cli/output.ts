import type { IO } from './context.js';

export function printJson(io: IO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress, hints and warnings: stderr only. */
export function note(io: IO, message: string): void {
  io.stderr.write(`${message}\n`);
}

export function warn(io: IO, message: string): void {
  io.stderr.write(`${paint(io, 'yellow', 'warning:')} ${message}\n`);
}

const codes = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof codes;

export function paint(io: IO, colour: Colour, text: string): string {
  return io.color ? `\u001B[${codes[colour]}m${text}\u001B[0m` : text;
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
}

/** A plain table that fits the terminal width: on a TTY padded columns, otherwise tab-separated. */
export function printTable<Row>(io: IO, rows: Row[], columns: Column<Row>[]): void {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  if (!io.stdoutIsTTY) {
    io.stdout.write(`${columns.map((c) => c.header.toUpperCase()).join('\t')}\n`);
    for (const line of cells) io.stdout.write(`${line.join('\t')}\n`);
    return;
  }
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((line) => visibleLength(line[i]))));
  shrinkToFit(widths, io.columns);
  const render = (line: string[]) =>
    line
      .map((cell, i) => fit(cell, widths[i], i === line.length - 1))
      .join('  ')
      .trimEnd();
  io.stdout.write(`${paint(io, 'bold', render(columns.map((c) => c.header.toUpperCase())))}\n`);
  for (const line of cells) io.stdout.write(`${render(line)}\n`);
}

function visibleLength(text: string): number {
  return text.replace(/\u001B\[[0-9;]*m/g, '').length;
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
  const length = visibleLength(cell);
  if (length > width) return `${cell.replace(/\u001B\[[0-9;]*m/g, '').slice(0, Math.max(0, width - 1))}…`;
  return last ? cell : cell + ' '.repeat(width - length);
}
