import { jsonVisible, visible } from '../core/visible.js';
import type { IO } from './context.js';
import { type ColumnRole, layoutTable } from './table.js';

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

/** A column of a table: its header, its cell for each row, and what it holds (see ColumnRole: ids are never cut). */
export interface Column<Row> extends ColumnRole {
  header: string;
  value: (row: Row) => string;
}

/**
 * A plain table that fits the terminal width: on a TTY padded columns, otherwise tab-separated, every column whole.
 * At a terminal, descriptive text gives way to the identifiers (see layoutTable). Every cell is shown visibly, so a
 * name cannot carry an escape sequence, a tab or a line break into the table; widths are those of the shown text, in
 * terminal cells (a CJK character or an emoji takes two).
 */
export function printTable<Row>(io: IO, rows: Row[], columns: Column<Row>[]): void {
  const cells = rows.map((row) => columns.map((c) => visible(c.value(row))));
  const headers = columns.map((c) => visible(c.header.toUpperCase()));
  if (!io.stdoutIsTTY) {
    io.stdout.write(`${headers.join('\t')}\n`);
    for (const line of cells) io.stdout.write(`${line.join('\t')}\n`);
    return;
  }
  const { header, body } = layoutTable(headers, cells, columns, io.columns);
  for (const line of header) io.stdout.write(`${paint(io, 'bold', line)}\n`);
  for (const line of body) io.stdout.write(`${line}\n`);
}
