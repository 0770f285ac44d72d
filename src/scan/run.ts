/**
 * One account's scan from plan to files: targets in, events out. The scan command, the shell and the demo call this
 * (and organisation scans will, once per member): it makes sure the files can be written before any call, finds the
 * regions, runs the engine with a live view's controls, keeps the findings on disk, and writes every output.
 */
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { ExitCode } from '../core/errors.js';
import { type CheckDefinition } from './checks/check.js';
import { ALL_CHECKS, metadataOf } from './checks/index.js';
import { needsRegions, resolveRegions, runScan, type RetrySource, type ScanTarget } from './engine.js';
import type { Finding, FindingList, OutputFormatName, ScanEvent, ScanInfo, WatchScan } from './model.js';
import { defaultFilename, prepareOutputs, writeOutputs } from './outputs/index.js';
import { PauseGate } from './pause.js';
import { FindingSpool } from './spool.js';
import type { Coverage, ScanTally } from './summary.js';

export interface AccountScanPlan {
  /** The account, or how to reach it: asked for once the outputs are known to be writable, so a bad folder costs no call. */
  target: ScanTarget | (() => Promise<ScanTarget>);
  checks: readonly CheckDefinition<unknown>[];
  /** Region ids, or every region the account has. */
  regions: readonly string[] | 'all';
  isMuted?: (finding: Finding) => boolean;
  outputs: { formats: readonly OutputFormatName[]; directory: string; filename?: string };
  concurrency?: number;
  regionTimeoutMs?: number;
  /** The caller's cancellation (Ctrl-C, SIGTERM); a live view's q stops the scan too. */
  signal: AbortSignal;
  retries?: RetrySource;
  now?: () => Date;
  version: string;
  /** The live view, when there is one; else `emit` follows the events. */
  watch?: WatchScan;
  emit?: (event: ScanEvent) => void;
  /** Warnings before the scan (a region list that had to be guessed). */
  warn?: (message: string) => void;
}

export interface AccountScan {
  info: ScanInfo;
  tally: ScanTally;
  /** On disk until `release` (or until a session that keeps them releases them). */
  findings: FindingList;
  checks: ReadonlyMap<string, ReturnType<typeof metadataOf>>;
  /** The regions scanned (none when only global services ran). */
  regions: string[];
  files: string[];
  /** The name the files were meant to have (without extension). */
  filename: string;
  /** The chosen file name was taken by another run during the scan: the files got the next free one. */
  filenameTaken: boolean;
  /** Every CIS requirement and how this scan covered it. */
  coverage: Coverage[];
  /** Stopped by the live view's q rather than by the caller's signal. */
  stoppedByViewer: boolean;
  release(): void;
}

export async function scanAccount(plan: AccountScanPlan): Promise<AccountScan> {
  // The folder is made and checked, and a chosen file name found free, before any call: a scan is never run to be lost.
  await prepareOutputs({ formats: plan.outputs.formats, directory: plan.outputs.directory, given: plan.outputs.filename });
  const target = typeof plan.target === 'function' ? await plan.target() : plan.target;
  const regions = needsRegions(plan.checks) ? await resolveRegions(target, plan.regions, plan.signal, plan.warn) : [];
  // A scan allocates fast and V8, on a machine with memory to spare, lets the heap grow to several times what is
  // live (600 MB for 120 MB live on a 270,000-finding account). Growing it by 15 % at a time keeps the peak near
  // the live set for a few percent more GC time; unlike a heap limit, a bigger account still fits.
  setFlagsFromString('--heap-growing-percent=15');
  // The findings wait on disk, not in memory, until the outputs are written: a big account's are hundreds of MB.
  const spool = new FindingSpool();
  let handedOver = false;
  const pause = new PauseGate();
  const stopper = new AbortController();
  const signal = AbortSignal.any([plan.signal, stopper.signal]);
  try {
    const watch = await plan.watch?.({
      get paused() {
        return pause.paused;
      },
      pause: () => pause.pause(),
      resume: () => pause.resume(),
      pausedMs: () => pause.pausedMs(),
      stop: () => stopper.abort(),
    });
    let result;
    try {
      result = await runScan(
        target,
        regions,
        {
          checks: plan.checks,
          regions: plan.regions,
          version: plan.version,
          isMuted: plan.isMuted,
          concurrency: plan.concurrency,
          regionTimeoutMs: plan.regionTimeoutMs,
          signal,
          retries: plan.retries,
          now: plan.now,
          store: spool,
          pause,
        },
        watch ? (event) => watch.event(event) : (plan.emit ?? (() => {})),
      );
    } finally {
      await watch?.close();
    }
    const checks = new Map(plan.checks.map((check) => [check.id, metadataOf(check)]));
    const coverage = result.tally.coverage({ all: ALL_CHECKS, ran: plan.checks, incomplete: result.info.incompleteScopes });
    const report = { info: result.info, findings: result.findings, checks, coverage };
    const filename = plan.outputs.filename ?? defaultFilename(result.info);
    const files = await writeOutputs(report, { formats: plan.outputs.formats, directory: plan.outputs.directory, filename });
    handedOver = true;
    return {
      info: result.info,
      tally: result.tally,
      findings: result.findings,
      checks,
      regions,
      files,
      filename,
      filenameTaken: plan.outputs.filename !== undefined && files.length > 0 && !basename(files[0]).startsWith(`${filename}.`),
      coverage,
      stoppedByViewer: stopper.signal.aborted && !plan.signal.aborted,
      release: () => spool.remove(),
    };
  } finally {
    if (!handedOver) spool.remove();
  }
}

/**
 * What a finished (or stopped) scan exits with, the first that applies: the interruption's code when stopped (130,
 * or 143 and 129 for SIGTERM and SIGHUP); 4 incomplete (a region or service could not be read), unless
 * --allow-incomplete; 3 unmuted FAIL findings, unless --ignore-exit-code-3; 0. An incomplete scan wins over its
 * findings, so --ignore-exit-code-3 never makes a scan that checked nothing pass.
 */
export function scanExitCode(scan: { interrupted?: number; complete: boolean; failures: number; allowIncomplete?: boolean; ignoreFindings?: boolean }): number {
  if (scan.interrupted !== undefined) return scan.interrupted;
  if (!scan.complete && !scan.allowIncomplete) return ExitCode.Incomplete;
  if (scan.failures > 0 && !scan.ignoreFindings) return ExitCode.Findings;
  return ExitCode.Ok;
}
