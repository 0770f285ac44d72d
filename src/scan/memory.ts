import type { CheckMetadata, Finding, FindingList, ScanInfo, Severity, Status } from './model.js';

/** What a scan leaves for the session that ran it: its findings, what it covered, and how it was asked for. */
export interface KeptScan {
  info: ScanInfo;
  findings: FindingList;
  checks: ReadonlyMap<string, CheckMetadata>;
  /** The checks run and the regions scanned: a rescan's findings replace the older ones of these only. */
  scope: { checks: readonly string[]; regions: readonly string[] };
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

/**
 * The scans of one shell session, for `findings`, `why` and `rescan`: a `scan` starts over, a `rescan` lays its
 * findings over those of the checks and regions it covered. Findings stay where the scan put them (a spool on
 * disk), read when asked.
 */
export class ScanMemory {
  private layers: KeptScan[] = [];

  get last(): KeptScan | undefined {
    return this.layers.at(-1);
  }

  get base(): KeptScan | undefined {
    return this.layers[0];
  }

  /** A new scan: what was kept before is let go. */
  replace(scan: KeptScan): void {
    this.dispose();
    this.layers = [scan];
  }

  /** A rescan: its findings win over older ones of the same check and region. */
  layer(scan: KeptScan): void {
    this.layers.push(scan);
  }

  /** The newest verdict of every check on every resource, filtered. */
  *findings(query: FindingQuery = {}): Generator<Finding> {
    for (const [index, layer] of this.layers.entries()) {
      const newer = this.layers.slice(index + 1);
      for (const finding of layer.findings) {
        if (newer.some((scan) => covers(scan, finding))) continue;
        if (matches(finding, query)) yield finding;
      }
    }
  }

  /** What a check is, from whichever scan ran it. */
  check(id: string): CheckMetadata | undefined {
    for (const layer of [...this.layers].reverse()) {
      const check = layer.checks.get(id);
      if (check) return check;
    }
    return undefined;
  }

  dispose(): void {
    for (const layer of this.layers) layer.release();
    this.layers = [];
  }
}

function covers(scan: KeptScan, finding: Finding): boolean {
  return scan.scope.checks.includes(finding.checkId) && (finding.region === 'global' || scan.scope.regions.includes(finding.region));
}

function matches(finding: Finding, query: FindingQuery): boolean {
  if (!query.muted && finding.muted) return false;
  if (query.statuses?.length && !query.statuses.includes(finding.status)) return false;
  if (query.severities?.length && !query.severities.includes(finding.severity)) return false;
  if (query.checks?.length && !query.checks.includes(finding.checkId)) return false;
  if (query.regions?.length && !query.regions.includes(finding.region)) return false;
  return true;
}
