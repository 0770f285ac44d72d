import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { AliauditError, ExitCode, InputError } from '../core/errors.js';
import { closest } from '../core/similar.js';
import type { CloudApi } from '../cloud/clients.js';
import { KNOWN_REGIONS } from '../cloud/regions.js';
import type { RetryEvent } from '../cloud/retry.js';
import { type CheckDefinition, describeMissing, MissingData, type Missing, type Resource, resourceUid, type SubjectKind, type Verdict } from './checks/check.js';
import { collectRegion } from './collectors/ecs.js';
import { attempt, type Collecting, type Unreadable } from './collectors/collecting.js';
import { collectRam } from './collectors/ram.js';
import { CIS_LABEL, type Finding, findingArray, type FindingList, type FindingStore, type IncompleteScope, type RegionState, type ScanEvent, type ScanInfo, type Service } from './model.js';
import type { PauseGate } from './pause.js';
import { Scheduler } from './scheduler.js';
import type { Timer } from '../core/timer.js';
import { type ManualReason, ScanTally } from './summary.js';

/** Prowler's static list: the regions scanned when DescribeRegions is refused. */
export const STATIC_REGIONS = KNOWN_REGIONS;

/** One account to scan, and how to reach it; scanning several accounts is several targets. */
export interface ScanTarget {
  accountUid: string;
  accountName?: string;
  identityArn: string;
  authMethod: string;
  /** Where DescribeRegions is asked. */
  homeRegion: string;
  ram(): Promise<CloudApi>;
  ims(): Promise<CloudApi>;
  ecs(region: string): Promise<CloudApi>;
}

/** Where the clients report their retries (the context's `calls`), so that throttling slows the scheduler down. */
export interface RetrySource {
  on(event: 'retry', listener: (event: RetryEvent) => void): unknown;
  off(event: 'retry', listener: (event: RetryEvent) => void): unknown;
}

export interface ScanOptions {
  checks: readonly CheckDefinition<any>[];
  /** Region ids, or all the regions DescribeRegions answers. */
  regions: readonly string[] | 'all';
  version: string;
  isMuted?: (finding: Finding) => boolean;
  concurrency?: number;
  /** A region still unfinished after this long is given up as timed out; the others go on. */
  regionTimeoutMs?: number;
  signal?: AbortSignal;
  retries?: RetrySource;
  now?: () => Date;
  /** The dashboard's p: while paused no call starts, and the region deadlines wait. */
  pause?: PauseGate;
  /** The clock of the scheduler, the collectors' waits and the region deadlines (give the pause gate the same one). */
  timer?: Timer;
  /** Where the findings go as they are made (an array in memory unless given: a big account's go to a spool). */
  store?: FindingStore;
}

export interface ScanResult {
  info: ScanInfo;
  findings: FindingList;
  tally: ScanTally;
}

const GLOBAL = 'global';

/** A region that ran out of time: its calls are stopped, its findings so far kept, and the others go on. */
class RegionTimedOut extends AliauditError {}

/**
 * Regions to scan: DescribeRegions (or the static list when it is refused or answers none, which `warn` is told
 * once), narrowed to `requested`, each checked.
 */
export async function resolveRegions(target: ScanTarget, requested: readonly string[] | 'all', signal?: AbortSignal, warn?: (message: string) => void): Promise<string[]> {
  const ecs = await target.ecs(target.homeRegion);
  const answered = await attempt(async () => {
    const body = await ecs.call('DescribeRegions', {});
    return ((body.Regions?.Region ?? []) as { RegionId: string }[]).map((region) => region.RegionId);
  }, 'ecs:DescribeRegions', target.homeRegion);
  signal?.throwIfAborted();
  const fallback = 'missing' in answered || answered.value.length === 0;
  if (fallback) {
    const why = 'missing' in answered ? describeMissing(answered.missing) : 'ecs:DescribeRegions answered no region';
    warn?.(`${why}: using aliaudit's built-in list of ${STATIC_REGIONS.length} regions, which may hold regions this account cannot use`);
  }
  const available = fallback ? STATIC_REGIONS : answered.value;
  if (requested === 'all') return [...available];
  const unknown = requested.filter((region) => !available.includes(region));
  if (unknown.length > 0) {
    const near = closest(unknown[0], available);
    throw new InputError(
      `--regions: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a region' : 'are not regions'} of this account; the regions are: ${available.join(', ')}`,
      near ? `did you mean ${near}?` : 'use region ids such as cn-hangzhou, or all',
    );
  }
  return [...new Set(requested)];
}

/**
 * Runs the checks over one account: RAM and IMS once, ECS region by region, everything through one scheduler. Each
 * check runs the moment its data is complete; an unreadable piece of data makes a MANUAL finding naming what is
 * missing, never a PASS. Ctrl-C (the signal) stops it politely: what was found is returned, marked incomplete.
 */
export async function runScan(target: ScanTarget, regions: readonly string[], options: ScanOptions, emit: (event: ScanEvent) => void): Promise<ScanResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const scanId = randomUUID();
  const findings = options.store ?? findingArray();
  const counts = new ScanTally();
  const incompleteScopes: IncompleteScope[] = [];
  const byKind = groupByKind(options.checks);
  const scheduler = new Scheduler({ concurrency: options.concurrency ?? 32, signal: options.signal, emit, pause: options.pause, timer: options.timer });
  const onRetry = (event: RetryEvent) => {
    emit({ type: 'retry', api: event.action, reason: event.reason, delayMs: event.delayMs });
    if (event.reason === 'throttled') {
      scheduler.throttled(event.action, event.retryAfterMs ?? event.delayMs);
      emit({ type: 'throttled', api: event.action });
    }
  };
  options.retries?.on('retry', onRetry);
  emit({ type: 'scan-started', info: { scanId, accountUid: target.accountUid, identityArn: target.identityArn, regions: [...regions] }, checks: options.checks.length });

  const record = (check: CheckDefinition<unknown>, subject: unknown, region: string): Judged | undefined => {
    const judged = judge(check, subject, now());
    if (!judged) return undefined;
    const { verdict } = judged;
    const resource = isUnreadable(subject) ? unreadableResource(check, subject, target.accountUid) : check.resource(subject);
    const finding: Finding = {
      uid: `aliaudit-alibabacloud-${check.id}-${target.accountUid}-${region}-${resource.id}`,
      checkId: check.id,
      status: verdict.status,
      statusExtended: verdict.statusExtended,
      muted: false,
      severity: check.severity,
      service: check.service,
      accountUid: target.accountUid,
      accountName: target.accountName,
      region,
      resource: { uid: resource.uid, name: resource.name, type: resource.type, details: resource.details, tags: resource.tags },
      remediationCli: verdict.remediationCli,
      compliance: check.cis.length ? { [CIS_LABEL]: [...check.cis] } : {},
      timestamp: now().toISOString(),
    };
    finding.muted = options.isMuted?.(finding) ?? false;
    findings.add(finding);
    counts.add(finding, manualReason(judged));
    emit({ type: 'finding', finding });
    return judged;
  };

  /**
   * Per region: how many subjects are known and done, what could not be read there, and how many findings were made
   * from data that was read (`checked`) rather than from data that was missing.
   */
  const tally = new Map<string, { known: number; done: number; missing: Missing[]; findings: number; checked: number }>();
  const tallyOf = (region: string) => {
    if (!tally.has(region)) tally.set(region, { known: 0, done: 0, missing: [], findings: 0, checked: 0 });
    return tally.get(region)!;
  };

  const collecting = (signal: AbortSignal | undefined): Collecting => ({
    accountUid: target.accountUid,
    scheduler,
    signal,
    progress: (region, known) => {
      const t = tallyOf(region);
      // A collector's count may go down as well as up (a list it counted as one turns out empty); never below what is done.
      t.known = Math.max(t.done, known);
      emit({ type: 'region-progress', region, done: t.done, known: t.known });
    },
    feed: (kind, subject) => {
      const region = regionOf(subject);
      const t = tallyOf(region);
      if (isUnreadable(subject)) t.missing.push(subject.unreadable);
      for (const check of byKind.get(kind) ?? []) {
        const judged = record(check, subject, region);
        if (!judged) continue;
        t.findings++;
        if (!judged.missing) t.checked++;
        else if (!isUnreadable(subject)) t.missing.push(judged.missing);
      }
      t.done++;
      emit({ type: 'region-progress', region, done: t.done, known: Math.max(t.known, t.done) });
    },
  });

  const finishRegion = (region: string, outcome: { timedOut?: boolean; error?: unknown }) => {
    const t = tallyOf(region);
    let state: RegionState = 'done';
    let reason: string | undefined;
    if (outcome.timedOut) [state, reason] = ['timed out', `no answer within ${Number(((options.regionTimeoutMs ?? 0) / 1000).toFixed(3))} s`];
    else if (outcome.error) [state, reason] = ['failed', outcome.error instanceof Error ? outcome.error.message : String(outcome.error)];
    // The reasons leave the region out, as it is said beside them: the summary groups regions by reason.
    else if (t.missing.some((m) => m.reason === 'timed out')) [state, reason] = ['timed out', describeMissing(t.missing.find((m) => m.reason === 'timed out')!, { inRegion: false })];
    else if (t.missing.some((m) => m.reason === 'failed')) [state, reason] = ['failed', describeMissing(t.missing.find((m) => m.reason === 'failed')!, { inRegion: false })];
    else if (t.missing.length > 0) [state, reason] = ['denied', refused(t.missing)];
    const service: Service = region === GLOBAL ? 'ram' : 'ecs';
    if (state === 'timed out' || state === 'failed') incompleteScopes.push({ region, service, state, reason: reason! });
    // Refused permissions are a choice the account made, and their findings say MANUAL and which permission; but a
    // region where every check's data was refused was not scanned at all, which a clean exit must not hide.
    else if (state === 'denied' && t.findings > 0 && t.checked === 0) incompleteScopes.push({ region, service, state, reason: `nothing could be checked: ${refused(t.missing)}` });
    emit({ type: 'region-finished', region, state, reason, findings: t.findings });
  };

  const wantRam = ['account', 'password-policy', 'user', 'policy'].some((kind) => byKind.has(kind as SubjectKind));
  const wantEcs = ['security-group', 'instance', 'disk', 'region'].some((kind) => byKind.has(kind as SubjectKind));
  /** The parts still running when the scan was stopped. */
  const interrupted: string[] = [];
  const work: Promise<void>[] = [];
  if (wantRam) work.push(scanPart(GLOBAL, async (signal) => collectRam(collecting(signal), { ram: await target.ram(), ims: await target.ims() })));
  if (wantEcs) for (const region of regions) work.push(scanPart(region, async (signal) => collectRegion(collecting(signal), await target.ecs(region), region)));

  /** One region (or the global services) with its own deadline; its failure is reported, never thrown. */
  async function scanPart(region: string, collect: (signal: AbortSignal) => Promise<void>): Promise<void> {
    emit({ type: 'region-started', region });
    const deadline = new AbortController();
    const timer = options.regionTimeoutMs ? regionDeadline(options.regionTimeoutMs, options.pause, scheduler.timer, () => deadline.abort(new RegionTimedOut(`${region} timed out`))) : undefined;
    const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    setMaxListeners(0, signal);
    try {
      await collect(signal);
      finishRegion(region, {});
    } catch (error) {
      if (error instanceof RegionTimedOut) finishRegion(region, { timedOut: true });
      else if (error instanceof AliauditError && error.exitCode === ExitCode.Interrupted) interrupted.push(region);
      else finishRegion(region, { error });
    } finally {
      timer?.clear();
    }
  }

  try {
    await Promise.all(work);
  } finally {
    options.retries?.off('retry', onRetry);
  }
  const order = [GLOBAL, ...regions];
  incompleteScopes.sort((a, b) => order.indexOf(a.region!) - order.indexOf(b.region!));
  const stopped = 'stopped before it finished (interrupted)';
  const incompleteReasons = incompleteScopes.map((scope) => `${scope.region}: ${scope.reason}`);
  if (interrupted.length > 0 || options.signal?.aborted) {
    interrupted.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const region of interrupted) incompleteScopes.push({ region, service: region === GLOBAL ? 'ram' : 'ecs', state: 'interrupted', reason: stopped });
    if (interrupted.length === 0) incompleteScopes.push({ state: 'interrupted', reason: stopped });
    incompleteReasons.push(interrupted.length > 0 ? `${stopped}: ${interrupted.join(', ')} not finished` : stopped);
  }
  const info: ScanInfo = {
    scanId,
    tool: { name: 'aliaudit', version: options.version },
    accountUid: target.accountUid,
    accountName: target.accountName,
    identityArn: target.identityArn,
    authMethod: target.authMethod,
    regions: [...regions],
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    complete: incompleteScopes.length === 0,
    incompleteReasons,
    incompleteScopes,
  };
  emit({ type: 'scan-finished', info, findings: findings.length });
  return { info, findings, tally: counts };
}

/** `missing permissions ecs:DescribeDisks, ecs:DescribeInstances`: every call refused, each named once and whole. */
function refused(missing: readonly Missing[]): string {
  const actions = [...new Set(missing.filter((m) => m.reason === 'denied').map((m) => m.action))].sort();
  return `missing permission${actions.length === 1 ? '' : 's'} ${actions.join(', ')}`;
}

/** Calls `expire` after `timeoutMs` of unpaused time. */
function regionDeadline(timeoutMs: number, pause: PauseGate | undefined, timer: Timer, expire: () => void): { clear(): void } {
  const pausedBefore = pause?.pausedMs() ?? 0;
  const started = timer.ms();
  const cleared = new AbortController();
  const check = (wait: number) =>
    timer.sleep(wait, cleared.signal).then(() => {
      const left = started + timeoutMs + ((pause?.pausedMs() ?? 0) - pausedBefore) - timer.ms();
      if (left > 0 || pause?.paused) check(Math.max(left, 1000));
      else expire();
    }, () => {});
  check(timeoutMs);
  return { clear: () => cleared.abort() };
}

function groupByKind(checks: readonly CheckDefinition<any>[]): Map<SubjectKind, CheckDefinition<any>[]> {
  const byKind = new Map<SubjectKind, CheckDefinition<any>[]>();
  for (const check of checks) byKind.set(check.kind, [...(byKind.get(check.kind) ?? []), check]);
  return byKind;
}

interface Judged {
  verdict: Verdict;
  /** What could not be read, when that made the verdict MANUAL. */
  missing?: Missing;
}

/** A check's verdict, MANUAL naming what is missing when its data could not be read; an error is never a PASS. */
function judge(check: CheckDefinition<unknown>, subject: unknown, now: Date): Judged | undefined {
  if (isUnreadable(subject)) {
    return { verdict: { status: 'MANUAL', statusExtended: `could not list ${subject.what}: ${describeMissing(subject.unreadable)}` }, missing: subject.unreadable };
  }
  try {
    const verdict = check.evaluate(subject, now);
    return verdict && { verdict };
  } catch (error) {
    if (error instanceof MissingData) return { verdict: { status: 'MANUAL', statusExtended: error.message }, missing: error.missing };
    throw error;
  }
}

/** Why a MANUAL verdict is MANUAL, the same words in every region: what was missing, or the check's own reason. */
function manualReason({ verdict, missing }: Judged): ManualReason | undefined {
  if (verdict.status !== 'MANUAL') return undefined;
  if (missing) return { text: describeMissing(missing, { inRegion: false }), blocked: true };
  return verdict.reason ? { text: verdict.reason, blocked: false } : undefined;
}

function isUnreadable(subject: unknown): subject is Unreadable {
  return typeof subject === 'object' && subject !== null && 'unreadable' in subject;
}

function regionOf(subject: unknown): string {
  const region = (subject as { region?: string }).region;
  return typeof region === 'string' ? region : GLOBAL;
}

function unreadableResource(check: CheckDefinition<unknown>, subject: Unreadable, accountUid: string): Resource {
  const id = subject.what.replace(/\s+/g, '-');
  return {
    region: subject.region,
    uid: resourceUid(check.service, subject.region, accountUid, check.resourceType, '*'),
    id: `all-${id}`,
    name: `all ${subject.what}${subject.region === GLOBAL ? '' : ` of ${subject.region}`}`,
    type: check.resourceType,
  };
}
