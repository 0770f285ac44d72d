/**
 * A scan's findings in the formats security teams already use: Prowler's JSON-OCSF and CSV, SARIF for code scanning,
 * and one HTML file to read. Pure functions over the scan model; prepareOutputs and writeOutputs alone touch disk.
 */
import { access, constants, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, UserError } from '../../core/errors.js';
import { DirectoryError, makeDirectories } from '../../core/paths.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { OUTPUT_FORMATS, type OutputFormatName, type ScanInfo } from '../model.js';
import { FindingSpool } from '../spool.js';
import { CHUNKS } from './chunks.js';
import type { ScanReport } from './common.js';
import type { FormatAnswer, FormatJob } from './format-worker.js';
import { claimName, fillPlaceholder, writeTemporary } from './write.js';

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

/** How many names a set of files tries (`name`, `name-2` … `name-100`) before giving up. */
export const MAX_NAME_TRIES = 100;

export interface OutputOptions {
  formats: readonly OutputFormatName[];
  directory: string;
  filename: string;
}

function checkFilename(filename: string): void {
  if (filename === '' || filename === '.' || filename === '..' || /[/\\\0]/.test(filename)) {
    throw new InputError(
      `output file name ${JSON.stringify(filename)} is not a plain file name`,
      'give a name without slashes; the extension of each format is added to it',
    );
  }
}

/** The formats asked for, known, once each, HTML first (the file a person opens). */
function checkFormats(formats: readonly OutputFormatName[]): OutputFormatName[] {
  const unknown = formats.filter((format) => !(OUTPUT_FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0) {
    throw new InputError(`unknown output format ${unknown.map((f) => JSON.stringify(f)).join(', ')}`, `choose from ${OUTPUT_FORMATS.join(', ')}`);
  }
  return [...new Set(formats)].sort((a, b) => Number(b === 'html') - Number(a === 'html'));
}

const DIRECTORY_HINT = 'choose another --output-directory';

/** The output folder, made with bounded work if missing, and one this process can write files into. */
async function ensureDirectory(directory: string): Promise<void> {
  try {
    await makeDirectories(directory);
  } catch (error) {
    if (error instanceof DirectoryError) throw new InputError(`output directory ${error.message}`, DIRECTORY_HINT);
    throw error;
  }
  try {
    await access(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new InputError(`output directory ${directory} is not writable (${(error as NodeJS.ErrnoException).code})`, DIRECTORY_HINT);
  }
}

/** The files `filename` names in `directory`, one per format. */
function pathsOf(directory: string, filename: string, formats: readonly OutputFormatName[]): string[] {
  return formats.map((format) => join(directory, `${filename}.${OUTPUT_EXTENSIONS[format]}`));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * What can be checked of the outputs before a scan starts, so that a scan is never run to be lost: the formats and
 * the file name, and the folder, made now (bounded work) and writable. A name the user chose (`given`) whose files
 * exist is refused: aliaudit never overwrites a report, and giving the new one another name would leave a script
 * reading the old one as if it were new.
 */
export async function prepareOutputs(options: { formats: readonly OutputFormatName[]; directory: string; given?: string }): Promise<void> {
  const formats = checkFormats(options.formats);
  if (options.given !== undefined) checkFilename(options.given);
  if (formats.length === 0) return;
  await ensureDirectory(options.directory);
  if (options.given === undefined) return;
  const taken: string[] = [];
  for (const path of pathsOf(options.directory, options.given, formats)) if (await exists(path)) taken.push(path);
  if (taken.length > 0) {
    throw new InputError(
      `--output-filename ${options.given}: ${taken.join(', ')} ${taken.length === 1 ? 'exists' : 'exist'}, and aliaudit never overwrites a report`,
      'move or remove the old files, or choose another --output-filename (leave it out for a new timestamped name)',
    );
  }
}

/**
 * Writes one file per format as <directory>/<filename>.<ext> (ocsf.json, csv, html, sarif), creating the directory,
 * and answers the paths written, HTML first. No file is ever overwritten: when any name of the set is taken (another
 * scan in the same second, an older report), the whole set moves on to `<filename>-2`, `-3` … so one scan's files
 * keep one name. Each file appears whole or not at all (written aside, then hard-linked to its name, which fails if
 * the name exists), and is built a piece at a time, so a 250,000-finding report is never held in memory whole.
 */
export async function writeOutputs(report: ScanReport, options: OutputOptions): Promise<string[]> {
  const formats = checkFormats(options.formats);
  checkFilename(options.filename);
  if (formats.length === 0) return [];
  await ensureDirectory(options.directory);
  const temporaries: string[] = [];
  try {
    const written = await writeFormats(report, formats, options);
    temporaries.push(...written.temporaries);
    if (written.error !== undefined) throw written.error;
    for (let attempt = 1; attempt <= MAX_NAME_TRIES; attempt++) {
      const paths = pathsOf(options.directory, attempt === 1 ? options.filename : `${options.filename}-${attempt}`, formats);
      const claims: Awaited<ReturnType<typeof claimName>>[] = [];
      for (const [i, path] of paths.entries()) {
        const claim = await claimName(temporaries[i], path);
        if (claim === 'taken') break;
        claims.push(claim);
      }
      if (claims.length < paths.length) {
        // Names this set made a moment ago, and no one else can have: given back, so the set stays together.
        await Promise.all(paths.slice(0, claims.length).map((path) => unlink(path).catch(() => undefined)));
        continue;
      }
      for (const [i, path] of paths.entries()) if (claims[i] === 'placeholder') await fillPlaceholder(temporaries[i], path);
      return paths;
    }
  } finally {
    await Promise.all(temporaries.map((path) => unlink(path).catch(() => undefined)));
  }
  throw new UserError(
    `every name from ${options.filename} to ${options.filename}-${MAX_NAME_TRIES} is taken in ${options.directory}: nothing was written`,
    'choose another --output-directory or --output-filename',
  );
}

/**
 * The bundled format worker (dist/src/scan/outputs/format-worker.js beside the chunk this runs from); none when run
 * from the sources, as the tests do, where every format is written here.
 */
function workerScript(): string | undefined {
  if (!import.meta.url.includes('/dist/chunks/')) return undefined;
  const path = fileURLToPath(new URL('../src/scan/outputs/format-worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * The temporary file of each format, in order. A spooled report's first format is written on this thread and, when
 * the machine has a core to spare, the others meanwhile in one worker thread, one after another: a scan of 400,000
 * findings has a gigabyte of reports to write, and one more thread (not one per format) keeps its memory in bounds.
 */
async function writeFormats(report: ScanReport, formats: OutputFormatName[], options: OutputOptions): Promise<FormatAnswer> {
  const hint = (format: OutputFormatName) => `${options.filename}.${OUTPUT_EXTENSIONS[format]}`;
  const here = async (list: OutputFormatName[]): Promise<FormatAnswer> => {
    const temporaries: string[] = [];
    try {
      for (const format of list) temporaries.push(await writeTemporary(options.directory, hint(format), CHUNKS[format](report)));
      return { temporaries };
    } catch (error) {
      return { temporaries, error };
    }
  };
  const script = formats.length > 1 && report.findings instanceof FindingSpool && availableParallelism() > 1 ? workerScript() : undefined;
  if (!script) return here(formats);
  const [first, ...rest] = formats;
  const job: FormatJob = {
    formats: rest.map((format) => ({ format, hint: hint(format) })),
    directory: options.directory,
    info: report.info,
    checks: [...report.checks],
    coverage: report.coverage,
    spool: (report.findings as FindingSpool).file(),
  };
  // Loaded here: every command's start-up reads this module (for the format names), and only a scan needs a worker.
  const { Worker } = await import('node:worker_threads');
  const aside = new Promise<FormatAnswer>((resolve) => {
    const worker = new Worker(script, { workerData: job, resourceLimits: WORKER_LIMITS });
    const failed = (error: unknown) => resolve({ temporaries: [], error });
    worker.once('message', (answer: FormatAnswer) => resolve(answer.error === undefined ? answer : { ...answer, error: new Error(`writing the reports failed: ${String(answer.error)}`) }));
    worker.once('error', failed);
    worker.once('exit', (code) => failed(new Error(`writing the reports stopped (exit ${code})`)));
  });
  const [mine, theirs] = await Promise.all([here([first]), aside]);
  if (mine.error !== undefined) return { temporaries: [...mine.temporaries, ...theirs.temporaries], error: mine.error };
  if (theirs.error === undefined) return { temporaries: [...mine.temporaries, ...theirs.temporaries] };
  // A worker that could not start, ran out of its memory or failed: its formats are written here after all (a real
  // fault, as a full disk, fails here again and is reported as such).
  await Promise.all(theirs.temporaries.map((path) => unlink(path).catch(() => undefined)));
  const after = await here(rest);
  return { temporaries: [...mine.temporaries, ...after.temporaries], error: after.error };
}

/** The worker streams: a small heap is enough, and keeps the scan's peak memory near what one thread needs (were it
 * ever too small, the formats are written on the main thread instead). */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 40, maxYoungGenerationSizeMb: 4 };

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
