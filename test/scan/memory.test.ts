import { describe, expect, it } from 'vitest';
import { type KeptScan, ScanMemory } from '../../src/scan/memory.js';
import { findingArray } from '../../src/scan/model.js';
import { finding } from '../ui/dashboard/harness.js';

function kept(findings: ReturnType<typeof finding>[], scope: KeptScan['scope'], released: string[], name: string, complete = true): KeptScan {
  const info = { complete, incompleteScopes: complete ? [] : [{ state: 'interrupted', reason: 'stopped before it finished (interrupted)' }] } as never;
  return { name, info, findings: findingArray(findings), checks: new Map(), scope, source: { selection: {} }, options: {}, release: () => void released.push(name) };
}

describe('ScanMemory', () => {
  it('lays a rescan over the checks and regions it covered, and lets the older findings of those go', () => {
    const released: string[] = [];
    const memory = new ScanMemory();
    const open = { ...finding('cn-hangzhou', 'high', 'sg-web'), checkId: 'ssh' };
    const elsewhere = { ...finding('cn-beijing', 'high', 'sg-db'), checkId: 'ssh' };
    const other = { ...finding('cn-hangzhou', 'low', 'd-1'), checkId: 'disk' };
    const ram = { ...finding('global', 'high', 'dev.wang'), checkId: 'mfa' };
    memory.keep(kept([open, elsewhere, other, ram], { checks: ['ssh', 'disk', 'mfa'], regions: ['cn-hangzhou', 'cn-beijing'] }, released, 'first'), 'replace');
    const fixed = { ...open, status: 'PASS' as const };
    memory.keep(kept([fixed], { checks: ['ssh'], regions: ['cn-hangzhou'] }, released, 'rescan'), 'layer');
    expect([...memory.findings()].map((f) => `${f.checkId} ${f.resource.name} ${f.status}`)).toEqual([
      'ssh sg-db FAIL',
      'disk d-1 FAIL',
      'mfa dev.wang FAIL',
      'ssh sg-web PASS',
    ]);
    expect([...memory.findings({ statuses: ['FAIL'], severities: ['high'] })].map((f) => f.resource.name)).toEqual(['sg-db', 'dev.wang']);
    expect([...memory.findings({ regions: ['global'] })].map((f) => f.resource.name)).toEqual(['dev.wang']);
    // A RAM rescan covers the global findings whatever the regions.
    memory.keep(kept([], { checks: ['mfa'], regions: [] }, released, 'ram'), 'layer');
    expect([...memory.findings()].some((f) => f.checkId === 'mfa')).toBe(false);
    expect(released).toEqual([]);
    memory.keep(kept([], { checks: [], regions: [] }, released, 'new'), 'replace');
    expect(released).toEqual(['first', 'rescan', 'ram']);
    memory.dispose();
    expect(released).toEqual(['first', 'rescan', 'ram', 'new']);
  });

  it('leaves muted findings out unless asked', () => {
    const memory = new ScanMemory();
    memory.keep(kept([{ ...finding('cn-hangzhou', 'high', 'sg-muted'), muted: true }], { checks: [], regions: [] }, [], 'a'), 'replace');
    expect([...memory.findings()]).toHaveLength(0);
    expect([...memory.findings({ muted: true })]).toHaveLength(1);
  });

  it('never lets an interrupted scan or rescan take the place of complete findings: it is set aside, by name', () => {
    const released: string[] = [];
    const memory = new ScanMemory();
    const open = { ...finding('cn-hangzhou', 'high', 'sg-web'), checkId: 'ssh' };
    const ram = { ...finding('global', 'high', 'dev.wang'), checkId: 'mfa' };
    const complete = kept([open, ram], { checks: ['ssh', 'mfa'], regions: ['cn-hangzhou'] }, released, 'monday');
    expect(memory.keep(complete, 'replace')).toEqual({ kept: 'current' });

    // A new scan stopped after one finding: the complete one stays the session's, the partial one is kept by name.
    const stopped = kept([{ ...open, status: 'PASS' as const }], { checks: ['ssh', 'mfa'], regions: [], global: false }, released, 'tuesday', false);
    expect(memory.keep(stopped, 'replace')).toEqual({ kept: 'aside', current: complete });
    expect(memory.base).toBe(complete);
    expect([...memory.findings()].map((f) => `${f.resource.name} ${f.status}`)).toEqual(['sg-web FAIL', 'dev.wang FAIL']);
    expect(memory.setAside.map((scan) => scan.name)).toEqual(['tuesday']);
    expect(memory.named('tuesday')).toBe(stopped);
    expect([...memory.findings({}, memory.named('tuesday'))].map((f) => `${f.resource.name} ${f.status}`)).toEqual(['sg-web PASS']);

    // An interrupted rescan is set aside too, over the layers it would have covered.
    const rescan = kept([{ ...ram, status: 'PASS' as const }], { checks: ['mfa'], regions: [], global: true }, released, 'tuesday-rescan', false);
    expect(memory.keep(rescan, 'layer')).toEqual({ kept: 'aside', current: complete });
    expect([...memory.findings()].map((f) => `${f.resource.name} ${f.status}`)).toEqual(['sg-web FAIL', 'dev.wang FAIL']);
    expect(released).toEqual([]);

    // A complete scan starts over: the complete one and those set aside are let go.
    memory.keep(kept([], { checks: [], regions: [] }, released, 'wednesday'), 'replace');
    expect(released.sort()).toEqual(['monday', 'tuesday', 'tuesday-rescan']);
    expect(memory.setAside).toEqual([]);
  });

  it('an incomplete scan over incomplete findings takes their place, and a rescan covers only the parts it finished', () => {
    const memory = new ScanMemory();
    const open = { ...finding('cn-hangzhou', 'high', 'sg-web'), checkId: 'ssh' };
    const far = { ...finding('us-west-1', 'high', 'sg-far'), checkId: 'ssh' };
    memory.keep(kept([open, far], { checks: ['ssh'], regions: ['cn-hangzhou', 'us-west-1'] }, [], 'first', false), 'replace');
    // The rescan finished cn-hangzhou only: us-west-1 keeps its older finding.
    expect(memory.keep(kept([{ ...open, status: 'PASS' as const }], { checks: ['ssh'], regions: ['cn-hangzhou'] }, [], 'again', false), 'layer')).toEqual({ kept: 'current' });
    expect([...memory.findings()].map((f) => `${f.resource.name} ${f.status}`)).toEqual(['sg-far FAIL', 'sg-web PASS']);
    expect(memory.keep(kept([], { checks: [], regions: [] }, [], 'second', false), 'replace')).toEqual({ kept: 'current' });
    expect(memory.base?.name).toBe('second');
  });
});
