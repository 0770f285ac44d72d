/**
 * CIS coverage as the terminal shows it: the requirements in their sections, and a line per section. The scan's
 * summary, `scan --list-compliance` and `findings --summary` print through here, so the three say it alike.
 */
import type { IO } from '../src/cli/context.js';
import { type Column, paint, printTable } from '../src/cli/output.js';
import { layoutTable, wrap } from '../src/cli/table.js';
import { visible } from '../src/core/visible.js';
import { CIS_SECTIONS, sectionOf } from '../src/scan/compliance.js';
import { SEVERITIES, type Severity } from '../src/scan/model.js';
import { COVERAGE_STATES, type SectionCoverage, sectionLine, type ServiceSummary } from '../src/scan/summary.js';

const SHORT: Record<Severity, string> = { critical: 'crit', high: 'high', medium: 'med', low: 'low', informational: 'info' };

/**
 * A service's counts: PASS, FAIL by severity, MANUAL, muted. A terminal gets short headers and no informational column
 * when it is all zeros, so the table fits 80 columns uncut; pipes get every column, named in full, for scripts.
 */
export function serviceColumns(io: IO, rows: readonly ServiceSummary[]): Column<ServiceSummary>[] {
  const severities = io.stdoutIsTTY ? SEVERITIES.filter((severity) => severity !== 'informational' || rows.some((row) => row.fail[severity] > 0)) : SEVERITIES;
  return [
    { header: 'service', value: (s) => s.service },
    { header: 'pass', value: (s) => String(s.pass) },
    ...severities.map((severity) => ({ header: `fail ${io.stdoutIsTTY ? SHORT[severity] : severity}`, value: (s: ServiceSummary) => String(s.fail[severity]) })),
    { header: 'manual', value: (s) => String(s.manual) },
    { header: 'muted', value: (s) => String(s.muted) },
  ];
}

/** Marks a section's place among the rows; no requirement id starts with it. */
const MARK = '§';

/**
 * Rows of requirements under a heading line per section (`1 Identity and Access Management`). All the sections are
 * laid out as one table, so every section's columns line up. Piped, it is the plain tab-separated table: the
 * requirement ids say their sections.
 */
export function printBySection<Row extends { id: string }>(io: IO, rows: readonly Row[], columns: Column<Row>[]): void {
  if (!io.stdoutIsTTY) return printTable(io, [...rows], columns);
  const headings = new Map<string, string>();
  const cells: string[][] = [];
  for (const section of CIS_SECTIONS) {
    const own = rows.filter((row) => sectionOf(row.id) === section.id);
    if (own.length === 0) continue;
    headings.set(`${MARK}${section.id}`, `${section.id} ${section.title}`);
    // A heading is a row of its mark alone: laid out with the others, it comes out as a line holding just the mark.
    cells.push([`${MARK}${section.id}`, ...columns.slice(1).map(() => '')]);
    for (const row of own) cells.push(columns.map((column) => visible(column.value(row))));
  }
  const { header, body } = layoutTable(
    columns.map((column) => visible(column.header.toUpperCase())),
    cells,
    columns,
    io.columns,
  );
  for (const line of header) io.stdout.write(`${paint(io, 'bold', line)}\n`);
  for (const line of body) {
    const heading = headings.get(line);
    if (heading === undefined) io.stdout.write(`${line}\n`);
    else for (const part of wrap(heading, io.columns, true)) io.stdout.write(`${paint(io, 'bold', part)}\n`);
  }
}

/** A section's counts as columns, one per state, for scripts (piped tables and CSV). */
export const SECTION_COLUMNS: Column<SectionCoverage>[] = [
  { header: 'section', value: (s) => s.id },
  { header: 'title', value: (s) => s.title },
  { header: 'requirements', value: (s) => String(s.requirements) },
  ...COVERAGE_STATES.map((state) => ({ header: state, value: (s: SectionCoverage) => String(s.states[state]) })),
];

/**
 * A line per section: `1 Identity and Access Management: automated 15 of 16, blocked 1`, wrapped at the terminal's
 * width. Piped, a table of the counts, a column per state, for scripts.
 */
export function printSections(io: IO, sections: readonly SectionCoverage[], title = 'CIS 2.0 by section'): void {
  if (!io.stdoutIsTTY) return printTable(io, [...sections], SECTION_COLUMNS);
  io.stdout.write(`${paint(io, 'bold', title)}\n`);
  for (const section of sections) {
    wrap(sectionLine(section), Math.max(16, io.columns - 4), true).forEach((part, index) => io.stdout.write(`${index ? '    ' : '  '}${visible(part)}\n`));
  }
}
