/**
 * A scan's findings in the formats security teams already use: Prowler's JSON-OCSF and CSV, SARIF for code scanning,
 * and one HTML file to read. Pure functions over the scan model; writeOutputs is the only one that touches disk.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { OUTPUT_FORMATS, type OutputFormatName, type ScanInfo } from '../model.js';
import type { ScanReport } from './common.js';
import { csvChunks } from './csv.js';
import { htmlChunks } from './html.js';
import { ocsfChunks } from './ocsf.js';
import { sarifChunks } from './sarif.js';
import { writeFileAtomically } from './write.js';

export type { ScanReport } from './common.js';
export { toOcsf, toOcsfJson } from './ocsf.js';
export { toCsv, CSV_COLUMNS } from './csv.js';
export { toSarif, toSarifJson } from './sarif.js';
export { toHtml } from './html.js';

export { OUTPUT_FORMATS, type OutputFormatName } from '../model.js';

/** What each format's file name ends with. */
export const OUTPUT_EXTENSIONS: Record<OutputFormatName, string> = {
  'json-ocsf': 'ocsf.json',
  csv: 'csv',
  html: 'html',
  sarif: 'sarif',
};

const CHUNKS: Record<OutputFormatName, (report: ScanReport) => Iterable<string>> = {
  'json-ocsf': ocsfChunks,
  csv: csvChunks,
  html: htmlChunks,
  sarif: sarifChunks,
};

function checkFilename(filename: string): void {
  if (filename === '' || filename === '.' || filename === '..' || /[/\\\0]/.test(filename)) {
    throw new InputError(
      `output file name ${JSON.stringify(filename)} is not a plain file name`,
      'give a name without slashes; the extension of each format is added to it',
    );
  }
}

async function ensureDirectory(directory: string): Promise<void> {
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new InputError(`output directory ${directory} is not a directory`, 'choose another output directory');
    }
    throw error;
  }
  if (!(await stat(directory)).isDirectory()) {
    throw new InputError(`output directory ${directory} is not a directory`, 'choose another output directory');
  }
}

/**
 * Writes one file per format as <directory>/<filename>.<ext> (ocsf.json, csv, html, sarif), creating the directory;
 * returns the paths, HTML first. Each file appears whole or not at all (temporary file, then rename), and is built a
 * piece at a time, so a 250,000-finding report is never held in memory as a whole file.
 */
export async function writeOutputs(
  report: ScanReport,
  options: { formats: readonly OutputFormatName[]; directory: string; filename: string },
): Promise<string[]> {
  const unknown = options.formats.filter((format) => !(OUTPUT_FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0) {
    throw new InputError(`unknown output format ${unknown.map((f) => JSON.stringify(f)).join(', ')}`, `choose from ${OUTPUT_FORMATS.join(', ')}`);
  }
  checkFilename(options.filename);
  const formats = [...new Set(options.formats)].sort((a, b) => Number(b === 'html') - Number(a === 'html'));
  if (formats.length === 0) return [];
  await ensureDirectory(options.directory);
  const paths: string[] = [];
  for (const format of formats) {
    const path = join(options.directory, `${options.filename}.${OUTPUT_EXTENSIONS[format]}`);
    await writeFileAtomically(path, CHUNKS[format](report));
    paths.push(path);
  }
  return paths;
}

/** `YYYYMMDDHHMMSS` in UTC, or undefined for a timestamp that does not parse. */
function compactUtc(iso: string): string | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.\d+Z$/, '').replace(/[-:T]/g, '');
}

/** `aliaudit-<account>-<UTC timestamp YYYYMMDDHHMMSS>`, Prowler's style, from when the scan started. */
export function defaultFilename(info: ScanInfo): string {
  const account = info.accountUid.replace(/[^A-Za-z0-9._-]/g, '_') || 'unknown';
  const when = compactUtc(info.startedAt) ?? compactUtc(info.finishedAt) ?? '00000000000000';
  return `aliaudit-${account}-${when}`;
}
