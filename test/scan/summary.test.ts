import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/scan/checks/index.js';
import { osPatches, sshCheck } from '../../src/scan/services/ecs/checks.js';
import { type Coverage, ScanTally } from '../../src/scan/summary.js';
import type { Finding } from '../../src/scan/model.js';
import { finding } from '../ui/dashboard/harness.js';

/** The CIS coverage rows: the same world gives the same rows, whatever order its regions answer in. */

const REASON = { text: 'checking the latest OS patches needs Security Center (sas:DescribeVulList), which this version does not read', blocked: false };

function patches(region: string, instances: number): Finding {
  return {
    ...finding(region, 'high', region, 'MANUAL'),
    checkId: osPatches.id,
    statusExtended: `${instances} instance(s) in ${region}: the latest OS patches needs Security Center (sas:DescribeVulList), which this version of aliaudit does not read`,
    compliance: { 'CIS-2.0': ['4.5'] },
  };
}

const row = (rows: Coverage[], id: string) => rows.find((r) => r.id === id)!;

describe('the CIS coverage', () => {
  it('names every region a manual row holds for, or how many, never one region\'s count', () => {
    const regions: [string, number][] = [
      ['cn-hangzhou', 4],
      ['cn-shanghai', 1],
      ['cn-beijing', 2],
    ];
    const details = [regions, [...regions].reverse()].map((order) => {
      const tally = new ScanTally();
      for (const [region, instances] of order) tally.add(patches(region, instances), REASON);
      return row(tally.coverage({ all: ALL_CHECKS, ran: ALL_CHECKS }), '4.5');
    });
    expect(details[0]).toEqual(details[1]);
    expect(details[0]).toMatchObject({ state: 'manual', detail: `cn-beijing, cn-hangzhou, cn-shanghai: ${REASON.text}` });
    const many = new ScanTally();
    for (const region of ['a-1', 'b-1', 'c-1', 'd-1', 'e-1']) many.add(patches(region, 1), REASON);
    expect(row(many.coverage({ all: ALL_CHECKS, ran: ALL_CHECKS }), '4.5').detail).toBe(`5 regions: ${REASON.text}`);
  });

  it('a blocked row says what was missing and where, a missing permission first', () => {
    const tally = new ScanTally();
    const denied = (region: string, action: string): Finding => ({
      ...finding(region, 'high', `all security groups of ${region}`, 'MANUAL'),
      checkId: sshCheck.id,
      statusExtended: `could not list security groups: missing permission ${action} in ${region}`,
      compliance: { 'CIS-2.0': ['3.2', '4.3'] },
    });
    for (const region of ['us-west-1', 'cn-hangzhou']) tally.add(denied(region, 'ecs:DescribeSecurityGroups'), { text: 'missing permission ecs:DescribeSecurityGroups', blocked: true });
    tally.add(denied('eu-central-1', 'ecs:DescribeSecurityGroupAttribute'), { text: 'missing permission ecs:DescribeSecurityGroupAttribute', blocked: true });
    const failed = 'ecs:DescribeSecurityGroups failed (InvalidRegionId.NotFound), so this could not be checked';
    for (const region of ['a-1', 'b-1', 'c-1', 'd-1']) tally.add(denied(region, 'ecs:DescribeSecurityGroups'), { text: failed, blocked: true });
    expect(row(tally.coverage({ all: ALL_CHECKS, ran: ALL_CHECKS }), '3.2')).toMatchObject({
      state: 'blocked',
      detail: `cn-hangzhou, us-west-1: missing permission ecs:DescribeSecurityGroups; eu-central-1: missing permission ecs:DescribeSecurityGroupAttribute; 4 regions: ${failed}`,
    });
  });

  it('a row whose checks did not run says so: left out by the filters, or the scan ended before them', () => {
    const tally = new ScanTally();
    const ran = ALL_CHECKS.filter((check) => check.service === 'ram');
    const filtered = tally.coverage({ all: ALL_CHECKS, ran });
    expect(row(filtered, '4.1')).toEqual(expect.objectContaining({ state: 'not run', checks: [], detail: 'ecs_unattached_disk_encrypted: left out by the filters' }));
    expect(row(filtered, '1.1')).toMatchObject({ state: 'not covered' });
    const stopped = tally.coverage({ all: ALL_CHECKS, ran: ALL_CHECKS, incomplete: [{ region: 'cn-hangzhou', service: 'ecs', state: 'interrupted', reason: 'stopped' }] });
    expect(row(stopped, '4.1')).toMatchObject({ state: 'not run', detail: 'ecs_unattached_disk_encrypted: the scan ended before it (interrupted)' });
    // RAM finished: its rows are not marked by an ECS region that did not.
    expect(row(stopped, '1.2')).toMatchObject({ state: 'automated', detail: 'ram_no_root_access_key: no resource to check' });
  });
});
