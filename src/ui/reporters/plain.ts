import { jsonVisible, visible } from '../../core/visible.js';
import type { ScanEvent } from '../../scan/model.js';

/** A line written somewhere: stderr for progress, stdout for data. */
export type Line = (text: string) => void;

/**
 * Progress for logs and pipes: a line as each region starts and finishes, nothing in between, so CI logs stay short
 * and nothing is redrawn.
 */
export function plainProgress(writeLine: Line, now: () => number = () => Date.now()): (event: ScanEvent) => void {
  // A region's reason and the identity come from the cloud.
  const write = (text: string) => writeLine(visible(text));
  const started = new Map<string, number>();
  const fails = new Map<string, number>();
  return (event) => {
    switch (event.type) {
      case 'scan-started':
        write(`scanning account ${event.info.accountUid} as ${event.info.identityArn}: ${event.checks} checks, ${event.info.regions.length} region(s)`);
        break;
      case 'region-started':
        started.set(event.region, now());
        write(`${event.region}: started`);
        break;
      case 'finding':
        if (event.finding.status === 'FAIL' && !event.finding.muted) fails.set(event.finding.region, (fails.get(event.finding.region) ?? 0) + 1);
        break;
      case 'region-finished': {
        const seconds = ((now() - (started.get(event.region) ?? now())) / 1000).toFixed(1);
        const failed = fails.get(event.region) ?? 0;
        const how = event.state === 'done' ? 'done' : `${event.state}${event.reason ? ` (${event.reason})` : ''}`;
        write(`${event.region}: ${how}, ${event.findings} finding(s)${failed ? `, ${failed} FAIL` : ''} in ${seconds} s`);
        break;
      }
    }
  };
}

/** NDJSON: one event per line, for tools that follow a scan as it runs. */
export function jsonProgress(write: Line): (event: ScanEvent) => void {
  return (event) => write(jsonVisible(JSON.stringify(event)));
}
