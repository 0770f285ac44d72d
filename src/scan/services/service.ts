/**
 * What a scanned service is: one module per service (src/scan/services/<id>/index.ts) declaring where it lives, what
 * it calls, how it collects and which checks read what it collects. The engine, `--services`, `--list-checks`, the
 * coverage table, the dashboard and every output learn the services from the registry (./index.ts) alone.
 */
import type { CheckDefinition } from '../checks/check.js';
import type { Collecting } from '../collectors/collecting.js';

export interface ScanService {
  /** As findings, `--services` and resource ARNs name it: `ram`, `vpc`, `securitycenter`. */
  id: string;
  /** As people name it: `RAM`, `Security Center`. */
  name: string;
  /**
   * `global`: read once per account (RAM; ActionTrail and Security Center, whose answers cover every region);
   * `regional`: read in every scanned region, side by side with the other regional services there.
   */
  scope: 'global' | 'regional';
  /**
   * Every RAM action its collectors call, so a reader knows the read-only policy a scan needs; a refused one makes
   * MANUAL findings naming it.
   */
  permissions: readonly string[];
  /** Its checks, in the order reports list them (their CIS ids come from the framework files in compliance/). */
  checks: readonly CheckDefinition<any>[];
  /**
   * Reads one scope (`global`, or a region) and feeds each subject to `collecting` the moment its data is complete:
   * the engine runs every check of the subject's kind on it. An unreadable list feeds an Unreadable, never nothing.
   */
  collect(collecting: Collecting, region: string): Promise<void>;
}
