import type { Selection } from '../credentials/types.js';
import type { CheckMetadata, Finding, FindingList, ScanInfo, Severity, Status } from './model.js';

/** What a scan leaves for the session that ran it: its findings, what it covered, and how it was asked for. */
export interface KeptScan {
  /** What the user calls it by: the name of its files (aliaudit-<account>-<UTC time>). */
  name: string;
  info: ScanInfo;
  findings: FindingList;
  checks: ReadonlyMap<string, CheckMetadata>;
  /**
   * The checks run and the parts of the account they finished: a rescan's findings replace the older ones of these
   * only. `global` is false when the global services (RAM) did not finish.
   */
  scope: { checks: readonly string[]; regions: readonly string[]; global?: boolean };
  /** Where it was run from: the profile (as resolved: `current` named) and endpoint a rescan of it must use. */
  source: { profile?: string; endpoint?: string; selection: Selection };
  /** The options a rescan repeats: where the files go and in which formats. */
  options: Record<string, unknown>;
  /** Gives back what holds the findings (the spool file). */
  release(): void;
}

export interface FindingQuery {
  severities?: readonly Severity[];
  statuses?: readonly Status[];
  checks?: readonly string[];
  regions?: readonly string[];
  muted?: boolean;
}

/** What keeping a scan came to: its findings are the session's now, or it was set aside and `current` kept. */
export type Kept = { kept: 'current' } | { kept: 'aside'; current: KeptScan };

/** Incomplete scans set aside are kept up to this many, the oldest let go first. */
const ASIDE = 3;

/**
 * The scans of one shell session, for `findings`, `why` and `rescan`: a `scan` starts over, a `rescan` lays its
 * findings over those of the checks and regions it covered. A scan that did not finish never takes the place of
 * complete findings: it is set aside under its name, to be asked for by it. Findings stay where the scan put them (a
 * spool on disk), read when asked.
 */
export class ScanMemory {
  private layers: KeptScan[] = [];
  private aside: KeptScan[] = [];

  get last(): KeptScan | undefined {
    return this.layers.at(-1);
  }

  get base(): KeptScan | undefined {
    return this.layers[0];
  }

  /** The scans whose findings the session answers with: the scan, then its rescans. */
  get current(): readonly KeptScan[] {
    return this.layers;
  }

  /** The incomplete scans set aside, oldest first. */
  get setAside(): readonly KeptScan[] {
    return this.aside;
  }

  /**
   * Keeps a new scan (`replace`: what was kept before is let go) or a rescan (`layer`: its findings win over older
   * ones of the same check and region). An incomplete one over complete findings is set aside instead, and the
   * answer says which scan the session kept.
   */
  keep(scan: KeptScan, how: 'replace' | 'layer'): Kept {
    const complete = this.layers.length > 0 && this.layers.every((layer) => layer.info.complete);
    if (!scan.info.complete && complete) {
      this.aside.push(scan);
      for (const old of this.aside.splice(0, Math.max(0, this.aside.length - ASIDE))) old.release();
      return { kept: 'aside', current: how === 'replace' ? this.base! : this.last! };
    }
    if (how === 'replace') {
      this.dispose();
      this.layers = [scan];
    } else this.layers.push(scan);
    return { kept: 'current' };
  }

  /** A scan of the session by name: one set aside, or one of the current scans. */
  named(name: string): KeptScan | undefined {
    return [...this.aside, ...this.layers].find((scan) => scan.name === name);
  }

  /** The newest verdict of every check on every resource, filtered; of the scan named `from` alone, when given. */
  *findings(query: FindingQuery = {}, from?: KeptScan): Generator<Finding> {
    const layers = from ? [from] : this.layers;
    for (const [index, layer] of layers.entries()) {
      const newer = layers.slice(index + 1);
      for (const finding of layer.findings) {
        if (newer.some((scan) => covers(scan, finding))) continue;
        if (matches(finding, query)) yield finding;
      }
    }
  }

  /** What a check is, from whichever scan ran it. */
  check(id: string): CheckMetadata | undefined {
    for (const layer of [...this.layers, ...this.aside].reverse()) {
      const check = layer.checks.get(id);
      if (check) return check;
    }
    return undefined;
  }

  dispose(): void {
    for (const layer of [...this.layers, ...this.aside]) layer.release();
    this.layers = [];
    this.aside = [];
  }
}

function covers(scan: KeptScan, finding: Finding): boolean {
  if (!scan.scope.checks.includes(finding.checkId)) return false;
  return finding.region === 'global' ? scan.scope.global !== false : scan.scope.regions.includes(finding.region);
}

function matches(finding: Finding, query: FindingQuery): boolean {
  if (!query.muted && finding.muted) return false;
  if (query.statuses?.length && !query.statuses.includes(finding.status)) return false;
  if (query.severities?.length && !query.severities.includes(finding.severity)) return false;
  if (query.checks?.length && !query.checks.includes(finding.checkId)) return false;
  if (query.regions?.length && !query.regions.includes(finding.region)) return false;
  return true;
}
