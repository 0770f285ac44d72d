import type { Argv } from 'yargs';
import type { Context } from './context.js';
import { type Column, printJson, printTable } from './output.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** `--output table|json|csv` for a command that prints records. */
export function outputOption<T>(yargs: Argv<T>) {
  return yargs.option('output', {
    alias: 'o',
    choices: OUTPUT_FORMATS,
    describe: 'table (default on a terminal), json (default when piped) or csv',
  });
}

/** What the user asked for, else a table on a terminal and JSON for a pipe. */
export function outputFormat(ctx: Context, requested?: OutputFormat): OutputFormat {
  return requested ?? (ctx.io.stdoutIsTTY ? 'table' : 'json');
}

/**
 * Prints records in the chosen format: a table that fits the terminal, CSV with a header row, or `json` — the API's
 * own shape, which scripts already know.
 */
export function printRecords<Row>(
  ctx: Context,
  format: OutputFormat,
  records: { rows: Row[]; columns: Column<Row>[]; json: unknown },
): void {
  if (format === 'json') return printJson(ctx, records.json);
  if (format === 'csv') return printCsv(ctx, records.rows, records.columns);
  printTable(ctx, records.rows, records.columns);
}

function printCsv<Row>(ctx: Context, rows: Row[], columns: Column<Row>[]): void {
  const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;
  ctx.io.stdout.write(line(columns.map((c) => c.header)));
  for (const row of rows) ctx.io.stdout.write(line(columns.map((c) => c.value(row))));
}

/** RFC 4180: quote a cell holding a comma, quote or line break, doubling its quotes. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** An API timestamp as a table shows it: the day (YYYY-MM-DD); empty when there is none. */
export function shortDate(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 10) : '';
}
