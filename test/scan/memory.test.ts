import { describe, expect, it } from 'vitest';
import { type KeptScan, ScanMemory } from '../../src/scan/memory.js';
import { findingArray } from '../../src/scan/model.js';
import { finding } from '../ui/dashboard/harness.js';

function kept(findings: ReturnType<typeof finding>[], scope: KeptScan['scope'], released: string[], name: string): KeptScan {
  return { info: {} as never, findings: findingArray(findings), checks: new Map(), scope, options: {}, release: () => void released.push(name) };
}

describe('ScanMemory', () => {
  it('lays a rescan over the checks and regions it covered, and lets the older findings of those go', () => {
    const released: string[] = [];
    const memory = new ScanMemory();
    const open = { ...finding('cn-hangzhou', 'high', 'sg-web'), checkId: 'ssh' };
    const elsewhere = { ...finding('cn-beijing', 'high', 'sg-db'), checkId: 'ssh' };
    const other = { ...finding('cn-hangzhou', 'low', 'd-1'), checkId: 'disk' };
    const ram = { ...finding('global', 'high', 'dev.wang'), checkId: 'mfa' };
    memory.replace(kept([open, elsewhere, other, ram], { checks: ['ssh', 'disk', 'mfa'], regions: ['cn-hangzhou', 'cn-beijing'] }, released, 'first'));
    const fixed = { ...open, status: 'PASS' as const };
    memory.layer(kept([fixed], { checks: ['ssh'], regions: ['cn-hangzhou'] }, released, 'rescan'));
    expect([...memory.findings()].map((f) => `${f.checkId} ${f.resource.name} ${f.status}`)).toEqual([
      'ssh sg-db FAIL',
      'disk d-1 FAIL',
      'mfa dev.wang FAIL',
      'ssh sg-web PASS',
    ]);
    expect([...memory.findings({ statuses: ['FAIL'], severities: ['high'] })].map((f) => f.resource.name)).toEqual(['sg-db', 'dev.wang']);
    expect([...memory.findings({ regions: ['global'] })].map((f) => f.resource.name)).toEqual(['dev.wang']);
    // A RAM rescan covers the global findings whatever the regions.
    memory.layer(kept([], { checks: ['mfa'], regions: [] }, released, 'ram'));
    expect([...memory.findings()].some((f) => f.checkId === 'mfa')).toBe(false);
    expect(released).toEqual([]);
    memory.replace(kept([], { checks: [], regions: [] }, released, 'new'));
    expect(released).toEqual(['first', 'rescan', 'ram']);
    memory.dispose();
    expect(released).toEqual(['first', 'rescan', 'ram', 'new']);
  });

  it('leaves muted findings out unless asked', () => {
    const memory = new ScanMemory();
    memory.replace(kept([{ ...finding('cn-hangzhou', 'high', 'sg-muted'), muted: true }], { checks: [], regions: [] }, [], 'a'));
    expect([...memory.findings()]).toHaveLength(0);
    expect([...memory.findings({ muted: true })]).toHaveLength(1);
  });
});
