import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/scan/checks/index.js';
import { CIS_REQUIREMENTS, CIS_SECTIONS } from '../../src/scan/compliance.js';
import { SCAN_SERVICES } from '../../src/scan/services/index.js';
import { type Coverage, type CoverageCheck, plannedCoverage, ScanTally, sectionCoverage, sectionLine, serviceName } from '../../src/scan/summary.js';
import type { Finding } from '../../src/scan/model.js';
import { finding } from '../ui/dashboard/harness.js';

/** The CIS coverage rows: the same world gives the same rows, whatever order its regions answer in. */

const REASON = { text: 'no Security Center agent reports on the instance, so its OS patches are unknown', blocked: false };

function patches(region: string, instances: number): Finding {
  return {
    ...finding(region, 'high', region, 'MANUAL'),
    checkId: 'ecs_instance_latest_os_patches_applied',
    statusExtended: `no Security Center agent reports on i-${region}-${instances} (agent offline), so its OS patches are unknown`,
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
      checkId: 'ecs_securitygroup_restrict_ssh_internet',
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
    expect(row(filtered, '5.2')).toMatchObject({ state: 'not covered' });
    const stopped = tally.coverage({ all: ALL_CHECKS, ran: ALL_CHECKS, incomplete: [{ region: 'cn-hangzhou', service: 'ecs', state: 'interrupted', reason: 'stopped' }] });
    expect(row(stopped, '4.1')).toMatchObject({ state: 'not run', detail: 'ecs_unattached_disk_encrypted: the scan ended before it (interrupted)' });
    // RAM finished: its rows are not marked by an ECS region that did not.
    expect(row(stopped, '1.2')).toMatchObject({ state: 'automated', detail: 'ram_no_root_access_key: no resource to check' });
  });
});

/** Checks as the registry gives them, for a version that has only these (the framework is the real one). */
const only = (...ids: string[]): CoverageCheck[] =>
  ids.map((id) => ({ id, service: id.split('_')[0], cis: CIS_REQUIREMENTS.filter((r) => r.checks.includes(id)).map((r) => r.id) }));

describe('what this version covers', () => {
  it('lists all 85 recommendations, each once, in the benchmark\'s order', () => {
    const rows = new ScanTally().coverage({ all: ALL_CHECKS, ran: ALL_CHECKS });
    expect(rows).toHaveLength(85);
    expect(rows.map((r) => r.id)).toEqual(CIS_REQUIREMENTS.map((r) => r.id));
    expect(plannedCoverage(ALL_CHECKS)).toHaveLength(85);
  });

  it('says "not covered yet" naming the checks the framework lists that this version lacks; "not covered" when it lists none', () => {
    const all = only('ram_no_root_access_key');
    const rows = new ScanTally().coverage({ all, ran: all });
    expect(row(rows, '1.2')).toMatchObject({ state: 'automated', detail: 'ram_no_root_access_key: no resource to check' });
    expect(row(rows, '2.19')).toMatchObject({ state: 'not covered yet', detail: 'sls_management_console_authentication_failures_alert_enabled: not in this version yet', checks: [] });
    expect(row(rows, '2.3')).toMatchObject({ state: 'not covered', detail: 'a manual control: review it by hand' });
    expect(row(rows, '7.6')).toMatchObject({ state: 'not covered', detail: 'no check in this version' });
    const planned = plannedCoverage(all);
    expect(planned.find((r) => r.id === '1.2')).toMatchObject({ state: 'automated', checks: ['ram_no_root_access_key'], lacking: [] });
    expect(planned.find((r) => r.id === '6.1')).toMatchObject({ state: 'not covered yet', checks: [], lacking: ['rds_instance_ssl_enabled'] });
    expect(planned.find((r) => r.id === '5.2')).toMatchObject({ state: 'not covered', checks: [], lacking: [] });
  });

  it('a requirement some of whose checks this version has names the others in its detail', () => {
    const tally = new ScanTally();
    tally.add({ ...finding('cn-hangzhou', 'high', 'sg-1', 'FAIL'), checkId: 'ecs_securitygroup_restrict_ssh_internet', compliance: { 'CIS-2.0': ['4.3'] } });
    // 4.3 as if the framework named a second check, which this version does not have.
    const all = only('ecs_securitygroup_restrict_ssh_internet');
    const rows = tally.coverage({ all, ran: all });
    expect(row(rows, '4.3')).toMatchObject({ state: 'automated', detail: 'ecs_securitygroup_restrict_ssh_internet: 0 pass, 1 fail' });
    const framework = CIS_REQUIREMENTS.find((r) => r.id === '4.3')! as { checks: readonly string[] };
    const saved = framework.checks;
    try {
      (framework as { checks: readonly string[] }).checks = [...saved, 'ecs_securitygroup_not_yet_here'];
      expect(row(tally.coverage({ all, ran: all }), '4.3').detail).toBe('ecs_securitygroup_restrict_ssh_internet: 0 pass, 1 fail; ecs_securitygroup_not_yet_here: not in this version yet');
      expect(plannedCoverage(all).find((r) => r.id === '4.3')).toMatchObject({ state: 'automated', lacking: ['ecs_securitygroup_not_yet_here'] });
    } finally {
      (framework as { checks: readonly string[] }).checks = saved;
    }
  });
});

describe('the sections', () => {
  it('count each section\'s rows by state, in the benchmark\'s order, and say it in one line', () => {
    const all = only('ram_no_root_access_key', 'ram_root_mfa_enabled', 'ecs_securitygroup_restrict_ssh_internet');
    const tally = new ScanTally();
    tally.add({ ...finding('global', 'high', 'root', 'FAIL'), checkId: 'ram_no_root_access_key', compliance: { 'CIS-2.0': ['1.2'] } });
    tally.add(
      { ...finding('cn-hangzhou', 'high', 'sgs', 'MANUAL'), checkId: 'ecs_securitygroup_restrict_ssh_internet', statusExtended: 'could not list security groups: missing permission ecs:DescribeSecurityGroups in cn-hangzhou', compliance: { 'CIS-2.0': ['3.2', '4.3'] } },
      { text: 'missing permission ecs:DescribeSecurityGroups', blocked: true },
    );
    const rows = tally.coverage({ all, ran: all });
    const sections = sectionCoverage(rows);
    expect(sections.map((s) => s.id)).toEqual(CIS_SECTIONS.map((s) => s.id));
    expect(sections.reduce((sum, s) => sum + s.requirements, 0)).toBe(85);
    const [iam, logging, networking] = sections;
    expect(iam).toMatchObject({ id: '1', title: 'Identity and Access Management', requirements: 16 });
    expect(iam.states).toMatchObject({ automated: 2, 'not covered yet': 14 });
    expect(sectionLine(iam)).toBe('1 Identity and Access Management: automated 2 of 16, not covered yet 14');
    expect(sectionLine(logging)).toBe('2 Logging and Monitoring: automated 0 of 23, not covered yet 16, not covered 7');
    expect(sectionLine(networking)).toBe('3 Networking: automated 0 of 5, blocked 1, not covered yet 4');
    expect(row(rows, '3.2')).toMatchObject({ state: 'blocked', detail: 'cn-hangzhou: missing permission ecs:DescribeSecurityGroups' });
  });

  it('leave out a section none of the rows is in (a rescan\'s coverage), and count a whole version', () => {
    const rows = new ScanTally().coverage({ all: ALL_CHECKS, ran: ALL_CHECKS }).filter((r) => r.id.startsWith('4.'));
    expect(sectionCoverage(rows).map((s) => s.id)).toEqual(['4']);
    for (const section of sectionCoverage(plannedCoverage(ALL_CHECKS))) expect(sectionLine(section)).toMatch(/^\d \S.*: automated \d+ of \d+(, (not covered yet|not covered) \d+)*$/);
  });
});

describe('service names', () => {
  it('are the registry\'s, else the id upper-cased', () => {
    for (const service of SCAN_SERVICES) expect(serviceName(service.id)).toBe(service.name);
    expect(serviceName('ram')).toBe('RAM');
    expect(serviceName('cs')).toBe(SCAN_SERVICES.find((s) => s.id === 'cs')?.name ?? 'CS');
  });
});

