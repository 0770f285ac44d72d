import { EventEmitter } from 'node:events';
import { CloudClients } from '../../src/cloud/clients.js';
import type { RetryPolicy } from '../../src/cloud/retry.js';
import { MissingData, type Missing } from '../../src/scan/checks/check.js';
import { ALL_CHECKS } from '../../src/scan/checks/index.js';
import { resolveRegions, runScan, type ScanOptions, type ScanResult, type ScanTarget } from '../../src/scan/engine.js';
import type { Finding, ScanEvent } from '../../src/scan/model.js';
import { ACCOUNT, AUDITOR, REGION } from './world.js';

/** A scan target for an emulator, signing as `keys`, with retries reported to `retries`. */
export function targetFor(url: string, keys = AUDITOR, options: { readTimeoutMs?: number; policy?: RetryPolicy } = {}) {
  const retries = new EventEmitter();
  const clients = new CloudClients(
    {
      credentials: { credentials: async () => ({ accessKeyId: keys.id, accessKeySecret: keys.secret }) },
      region: REGION,
      endpoint: { host: url.replace(/^http:\/\//, ''), protocol: 'http' },
      readTimeoutMs: options.readTimeoutMs,
    },
    { observer: { retry: (event) => retries.emit('retry', event) }, policy: options.policy },
  );
  const target: ScanTarget = {
    accountUid: ACCOUNT,
    identityArn: `acs:ram::${ACCOUNT}:user/auditor`,
    authMethod: 'test keys',
    homeRegion: REGION,
    api: (product, region) => clients.api(product, region),
  };
  return { target, retries };
}

/** Runs every check (or those given) against the emulator at `url`; answers the result and the events. */
export async function scanOf(url: string, options: Partial<ScanOptions> & { keys?: typeof AUDITOR; readTimeoutMs?: number; policy?: RetryPolicy } = {}) {
  const { target, retries } = targetFor(url, options.keys, options);
  const events: ScanEvent[] = [];
  const warnings: string[] = [];
  const regions = await resolveRegions(target, options.regions ?? 'all', undefined, (message) => warnings.push(message));
  const result: ScanResult = await runScan(
    target,
    regions,
    { checks: ALL_CHECKS, regions: 'all', version: 'test', retries, regionTimeoutMs: 60_000, ...options },
    (event) => events.push(event),
  );
  return { ...result, findings: [...result.findings], events, warnings };
}

/** `check resource → status`, for comparing a scan with its known answer. */
export function verdicts(findings: readonly Finding[]): Map<string, string> {
  return new Map(findings.map((f) => [`${f.checkId} ${f.resource.uid}`, f.status]));
}

export function statusOf(findings: readonly Finding[], checkId: string, resourceName: string): string | undefined {
  return findings.find((f) => f.checkId === checkId && f.resource.name === resourceName)?.status;
}

/** The Missing that makes a check MANUAL (the engine turns MissingData into MANUAL naming it). */
export function missingOf(run: () => unknown): Missing {
  try {
    run();
  } catch (error) {
    if (error instanceof MissingData) return error.missing;
    throw error;
  }
  throw new Error('the check did not ask for missing data');
}
