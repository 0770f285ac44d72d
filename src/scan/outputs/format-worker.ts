/**
 * Output formats written in a worker thread while the main thread writes the first: a big scan's formats are each a
 * pass over every finding, and on a machine with more than one core they need not wait for one another. The findings
 * are read from the scan's spool file; the text goes to temporary files whose paths are the answer (see writeOutputs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckMetadata, OutputFormatName, ScanInfo } from '../model.js';
import { spooledFindings } from '../spool.js';
import type { Coverage } from '../summary.js';
import { CHUNKS } from './chunks.js';
import { writeTemporary } from './write.js';

export interface FormatJob {
  /** Written one after another, each to a temporary file named after its hint. */
  formats: { format: OutputFormatName; hint: string }[];
  directory: string;
  info: ScanInfo;
  checks: [string, CheckMetadata][];
  coverage?: readonly Coverage[];
  spool: { path: string; length: number };
}

/** The temporary files written, in order; with `error`, those written before it failed. */
export interface FormatAnswer {
  temporaries: string[];
  error?: unknown;
}

const job = workerData as FormatJob;
const report = { info: job.info, checks: new Map(job.checks), coverage: job.coverage, findings: spooledFindings(job.spool.path, job.spool.length) };

async function writeAll(): Promise<FormatAnswer> {
  const temporaries: string[] = [];
  try {
    for (const { format, hint } of job.formats) temporaries.push(await writeTemporary(job.directory, hint, CHUNKS[format](report)));
    return { temporaries };
  } catch (error) {
    return { temporaries, error: error instanceof Error ? error.message : String(error) };
  }
}

void writeAll().then((answer) => parentPort!.postMessage(answer));
