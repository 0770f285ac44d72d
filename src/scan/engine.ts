import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { AliauditError, ExitCode, InputError } from '../core/errors.js';
import { closest } from '../core/similar.js';
import type { CloudApi } from '../cloud/clients.js';
import { KNOWN_REGIONS } from '../cloud/regions.js';
import type { RetryEvent } from '../cloud/retry.js';
import { type CheckDefinition, describeMissing, type Fact, MissingData, type Missing, type Resource, resourceUid, type SubjectKind, type Verdict } from './checks/check.js';
import { attempt, type Collecting, type Unreadable } from './collectors/collecting.js';
import { ECS, type Product, RDS, VPC } from '../cloud/products.js';
import { OWNER, SCAN_SERVICES, type ScanService } from './services/index.js';
import { CIS_LABEL, type Finding, findingArray, type FindingList, type FindingStore, type IncompleteScope, type RegionState, type ScanEvent, type ScanInfo } from './model.js';
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
  /** Where DescribeRegions is asked, and where the global services are called. */
  homeRegion: string;
  /** One product's API in one region of this account; `global` is the home region. */
  api(product: Product, region: string): Promise<CloudApi>;
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

/** Products that answer DescribeRegions, asked in this order: a scanner refused one may be allowed another. */
const REGION_SOURCES: readonly Product[] = [ECS, VPC, RDS];

/**
 * Regions to scan: DescribeRegions of the first product that answers it (ECS, else VPC, else RDS), or the static
 * list when all refuse or answer none, which `warn` is told once; narrowed to `requested`, each checked.
 */
export async function resolveRegions(target: ScanTarget, requested: readonly string[] | 'all', signal?: AbortSignal, warn?: (message: string) => void): Promise<string[]> {
  let answered: Fact<string[]> | undefined;
  let first: Missing | undefined;
  for (const product of REGION_SOURCES) {
    const api = await target.api(product, target.homeRegion);
    answered = await attempt(async () => {
      const body = await api.call('DescribeRegions', {});
      return ((body.Regions?.Region ?? body.Regions?.RDSRegion ?? []) as { RegionId: string }[]).map((region) => region.RegionId);
    }, `${product.code}:DescribeRegions`, target.homeRegion);
    signal?.throwIfAborted();
    if (!('missing' in answered)) break;
    first ??= answered.missing;
  }
  const found = answered && !('missing' in answered) ? [...new Set(answered.value)] : [];
  if (found.length === 0) {
    // The first refusal is the one to fix: the others are only where aliaudit looked next.
    const why = first && !(answered && !('missing' in answered)) ? describeMissing(first) : 'DescribeRegions answered no region';
    warn?.(`${why}: using aliaudit's built-in list of ${STATIC_REGIONS.length} regions, which may hold regions this account cannot use`);
  }
  const available = found.length === 0 ? STATIC_REGIONS : found;
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

/** The services a selection of checks needs, each with its selected checks, in the registry's order. */
export function servicesFor(checks: readonly CheckDefinition<any>[]): Map<ScanService, CheckDefinition<any>[]> {
  const wanted = new Map<ScanService, CheckDefinition<any>[]>();
  for (const check of checks) {
    const owner = OWNER.get(check.id) ?? SCAN_SERVICES.find((service) => service.id === check.service);
    if (!owner) throw new Error(`check ${check.id} belongs to no scanned service`);
    wanted.set(owner, [...(wanted.get(owner) ?? []), check]);
  }
  return new Map(SCAN_SERVICES.filter((service) => wanted.has(service)).map((service) => [service, wanted.get(service)!]));
}

/** Whether any of these checks is read region by region (so the regions must be known). */
export function needsRegions(checks: readonly CheckDefinition<any>[]): boolean {
  return [...servicesFor(checks).keys()].some((service) => service.scope === 'regional');
}

/**
 * Runs the checks over one account: the global services once, every regional service region by region (side by
 * side within a region), everything through one scheduler. Each
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
      compliance: check.cis?.length ? { [CIS_LABEL]: [...check.cis] } : {},
      timestamp: now().toISOString(),
    };
    finding.muted = options.isMuted?.(finding) ?? false;
    findings.add(finding);
    counts.add(finding, manualReason(judged));
    emit({ type: 'finding', finding });
    return judged;
  };

  /**
   * Per region: how many subjects each service knows of and how many are done; per region and service, what could not
   * be read there, and how many findings were made from data that was read (`checked`) rather than from data that
   * was missing.
   */
  interface ServiceTally {
    known: number;
    missing: Missing[];
    findings: number;
    checked: number;
  }
  const tally = new Map<string, { done: number; services: Map<string, ServiceTally> }>();
  const tallyOf = (region: string) => {
    if (!tally.has(region)) tally.set(region, { done: 0, services: new Map() });
    return tally.get(region)!;
  };
  const serviceTally = (region: string, service: ScanService) => {
    const t = tallyOf(region);
    if (!t.services.has(service.id)) t.services.set(service.id, { known: 0, missing: [], findings: 0, checked: 0 });
    return t.services.get(service.id)!;
  };
  const knownIn = (region: string) => [...tallyOf(region).services.values()].reduce((sum, t) => sum + t.known, 0);

  const selected = servicesFor(options.checks);
  const collecting = (service: ScanService, signal: AbortSignal | undefined): Collecting => {
    const byKind = groupByKind(selected.get(service) ?? []);
    return {
      accountUid: target.accountUid,
      api: (product, region) => target.api(product, region === GLOBAL ? target.homeRegion : region),
      scheduler,
      signal,
      progress: (region, known) => {
        const t = tallyOf(region);
        const own = serviceTally(region, service);
        // A collector's count may go down as well as up (a list it counted as one turns out empty); never below what is done.
        own.known = known;
        emit({ type: 'region-progress', account: target.accountUid, region, done: t.done, known: Math.max(t.done, knownIn(region)) });
      },
      feed: (kind, subject) => {
        const region = regionOf(subject);
        const t = tallyOf(region);
        const own = serviceTally(region, service);
        if (isUnreadable(subject)) own.missing.push(subject.unreadable);
        for (const check of byKind.get(kind) ?? []) {
          const judged = record(check, subject, region);
          if (!judged) continue;
          own.findings++;
          if (!judged.missing) own.checked++;
          else if (!isUnreadable(subject)) own.missing.push(judged.missing);
        }
        t.done++;
        emit({ type: 'region-progress', account: target.accountUid, region, done: t.done, known: Math.max(knownIn(region), t.done) });
      },
    };
  };

  const timedOutReason = () => `no answer within ${Number(((options.regionTimeoutMs ?? 0) / 1000).toFixed(3))} s`;
  /** One service's state in one region, from how its collection ended and what it could not read. */
  const serviceState = (t: ServiceTally, error: unknown): { state: RegionState; reason?: string } => {
    if (error instanceof RegionTimedOut) return { state: 'timed out', reason: timedOutReason() };
    if (error) return { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
    // The reasons leave the region out, as it is said beside them: the summary groups regions by reason.
    const timedOut = t.missing.find((m) => m.reason === 'timed out');
    if (timedOut) return { state: 'timed out', reason: describeMissing(timedOut, { inRegion: false }) };
    const failed = t.missing.find((m) => m.reason === 'failed');
    if (failed) return { state: 'failed', reason: describeMissing(failed, { inRegion: false }) };
    if (t.missing.length > 0) return { state: 'denied', reason: refused(t.missing) };
    return { state: 'done' };
  };

  /** Records how each service of a region (or of the global part) ended, and the region's own state: the worst of them. */
  const finishRegion = (region: string, ended: Map<ScanService, unknown>) => {
    const states: { service: ScanService; state: RegionState; reason?: string }[] = [];
    for (const [service, error] of ended) {
      const t = serviceTally(region, service);
      const { state, reason } = serviceState(t, error);
      states.push({ service, state, reason });
      if (state === 'timed out' || state === 'failed') incompleteScopes.push({ region, service: service.id, state, reason: reason! });
      // Refused permissions are a choice the account made, and their findings say MANUAL and which permission; but a
      // service whose every check's data was refused in a region was not scanned there, which a clean exit must not hide.
      else if (state === 'denied' && t.findings > 0 && t.checked === 0) incompleteScopes.push({ region, service: service.id, state, reason: `nothing could be checked: ${refused(t.missing)}` });
    }
    const worst = (['timed out', 'failed', 'denied'] as const).find((state) => states.some((s) => s.state === state));
    const services = [...tallyOf(region).services.values()];
    const reason = worst === 'denied' ? refused(services.flatMap((t) => t.missing)) : worst && states.find((s) => s.state === worst)!.reason;
    emit({ type: 'region-finished', account: target.accountUid, region, state: worst ?? 'done', reason, findings: services.reduce((sum, t) => sum + t.findings, 0) });
  };

  /** The parts still running when the scan was stopped, with the services that had not finished there. */
  const interrupted: { region: string; services: ScanService[] }[] = [];
  const globalServices = [...selected.keys()].filter((service) => service.scope === 'global');
  const regionalServices = [...selected.keys()].filter((service) => service.scope === 'regional');
  const work: Promise<void>[] = [];
  if (globalServices.length > 0) work.push(scanPart(GLOBAL, globalServices));
  if (regionalServices.length > 0) for (const region of regions) work.push(scanPart(region, regionalServices));

  /**
   * One region (or the global part) with its own deadline: every service of that scope collects there side by side,
   * and one service's failure is reported beside the others' findings, never thrown.
   */
  async function scanPart(region: string, services: readonly ScanService[]): Promise<void> {
    emit({ type: 'region-started', account: target.accountUid, region });
    const deadline = new AbortController();
    const timer = options.regionTimeoutMs ? regionDeadline(options.regionTimeoutMs, options.pause, scheduler.timer, () => deadline.abort(new RegionTimedOut(`${region} timed out`))) : undefined;
    const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    setMaxListeners(0, signal);
    const ended = new Map<ScanService, unknown>();
    try {
      await Promise.all(
        services.map(async (service) => {
          try {
            await service.collect(collecting(service, signal), region);
            ended.set(service, undefined);
          } catch (error) {
            ended.set(service, error ?? new Error('failed'));
          }
        }),
      );
    } finally {
      timer?.clear();
    }
    const stopped = services.filter((service) => isInterruption(ended.get(service)));
    if (stopped.length > 0) interrupted.push({ region, services: stopped });
    else finishRegion(region, ended);
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
    interrupted.sort((a, b) => order.indexOf(a.region) - order.indexOf(b.region));
    for (const part of interrupted) for (const service of part.services) incompleteScopes.push({ region: part.region, service: service.id, state: 'interrupted', reason: stopped });
    if (interrupted.length === 0) incompleteScopes.push({ state: 'interrupted', reason: stopped });
    incompleteReasons.push(interrupted.length > 0 ? `${stopped}: ${interrupted.map((part) => part.region).join(', ')} not finished` : stopped);
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

function isInterruption(error: unknown): boolean {
  return error instanceof AliauditError && error.exitCode === ExitCode.Interrupted;
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
