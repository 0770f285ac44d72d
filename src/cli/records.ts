import type { Argv } from 'yargs';
import { csvField, visible } from '../core/visible.js';
import type { IO } from './context.js';
import { type Column, printJson, printTable } from './output.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** `--output table|json|csv`: every command that prints data takes it. */
export function outputOption<T>(yargs: Argv<T>) {
  return yargs.option('output', {
    alias: 'o',
    choices: OUTPUT_FORMATS,
    describe: 'table (default on a terminal), json (default when piped) or csv',
  });
}

/** What the user asked for, else a table on a terminal and JSON for a pipe. */
export function outputFormat(io: IO, requested?: OutputFormat): OutputFormat {
  return requested ?? (io.stdoutIsTTY ? 'table' : 'json');
}

/** Rows for tables and CSV, and the object JSON shows (the API's own shape, which scripts already know). */
export interface Records<Row> {
  rows: Row[];
  columns: Column<Row>[];
  json: unknown;
}

/** Prints records in the chosen format: a table that fits the terminal, CSV with a header row, or JSON. */
export function printRecords<Row>(io: IO, format: OutputFormat, records: Records<Row>): void {
  if (format === 'json') return printJson(io, records.json);
  if (format === 'csv') return printCsv(io, records.rows, records.columns);
  printTable(io, records.rows, records.columns);
}

/** One thing as `get` and `whoami` show it: facts as two columns, then for a table an optional text block. */
export interface Details {
  title: string;
  facts: [string, string][];
  /** Shown after the table only, e.g. a policy document. */
  appendix?: { title: string; text: string };
  json: unknown;
}

/**
 * One record: JSON as given; CSV as a header row of the fact names and one row of their values, like every CSV
 * aliaudit writes; a table as two columns, each value wrapped at its spaces (every word, an ARN or an id, whole).
 */
export function printDetails(io: IO, format: OutputFormat, details: Details): void {
  if (format === 'csv') {
    const facts = details.facts;
    printCsv(io, [facts], facts.map(([key], i) => ({ header: key, value: (row: [string, string][]) => row[i][1] })));
    return;
  }
  printRecords(io, format, {
    rows: details.facts,
    columns: [
      { header: details.title, value: ([key]) => key },
      { header: '', value: ([, value]) => value, wrap: true },
    ],
    json: details.json,
  });
  if (format === 'table' && details.appendix) {
    io.stdout.write(`\n${visible(details.appendix.title)}:\n${visible(details.appendix.text, { lines: true })}\n`);
  }
}

function printCsv<Row>(io: IO, rows: Row[], columns: Column<Row>[]): void {
  const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;
  io.stdout.write(line(columns.map((c) => c.header)));
  for (const row of rows) io.stdout.write(line(columns.map((c) => c.value(row))));
}

/** RFC 4180, comma-delimited (see csvField). */
export function csvCell(value: string): string {
  return csvField(value, ',');
}

/** An API timestamp as a table shows it: the day (YYYY-MM-DD); empty when there is none. */
export function shortDate(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 10) : '';
}
