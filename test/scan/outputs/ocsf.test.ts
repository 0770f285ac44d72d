import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ocsfChunks, toOcsf, toOcsfJson } from '../../../src/scan/outputs/ocsf.js';
import { HOSTILE_NAME, UNKNOWN_CHECK, handMadeReport, incompleteInfo, info } from './fixtures.js';
import { detectionFindingSchema } from './ocsf-schema.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(detectionFindingSchema);

type Record_ = Record<string, any>;

describe('JSON-OCSF', () => {
  const report = handMadeReport();
  const records = toOcsf(report) as Record_[];

  it('writes one Detection Finding per finding, each valid against the schema of the fields Prowler writes', () => {
    expect(records).toHaveLength(report.findings.length);
    for (const record of records) {
      const ok = validate(record);
      expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
  });

  it('lays a finding out as Prowler does', () => {
    const finding = report.findings[0];
    const record = records[0];
    expect(record).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      message: finding.statusExtended,
      status_detail: finding.statusExtended,
      status_code: 'FAIL',
      status_id: 1,
      status: 'New',
      severity_id: 5,
      severity: 'Critical',
      risk_details: 'Risk of ecs_securitygroup_restrict_rdp_internet.',
      finding_info: {
        uid: finding.uid,
        title: 'Title of ecs_securitygroup_restrict_rdp_internet',
        name: HOSTILE_NAME,
        created_time: Math.floor(Date.parse(finding.timestamp) / 1000),
        created_time_dt: finding.timestamp,
        analytic: { uid: 'ecs_securitygroup_restrict_rdp_internet', type_id: 1, category: 'ecs' },
      },
      resources: [
        {
          uid: finding.resource.uid,
          name: HOSTILE_NAME,
          type: 'securitygroup',
          group: { name: 'ecs' },
          region: 'cn-hangzhou',
          labels: ['env: prod;dev', 'owner: a"b', 'note: line1\nline2'],
          data: { details: finding.resource.details },
        },
      ],
      cloud: { account: { uid: finding.accountUid, name: 'acme-prod', type_id: 99 }, provider: 'alibabacloud', region: 'cn-hangzhou' },
      remediation: {
        desc: 'Fix ecs_securitygroup_restrict_rdp_internet.',
        references: ['https://www.alibabacloud.com/help/en/ecs_securitygroup_restrict_rdp_internet'],
      },
      metadata: {
        event_code: 'ecs_securitygroup_restrict_rdp_internet',
        product: { uid: 'aliaudit', name: 'aliaudit', vendor_name: 'aliaudit', version: '0.1.0' },
        profiles: ['cloud', 'datetime'],
      },
      unmapped: { compliance: { 'CIS-2.0': ['4.4'] }, scan_id: info.scanId, scan_complete: true, remediation_code_cli: finding.remediationCli },
      time: Math.floor(Date.parse(finding.timestamp) / 1000),
      time_dt: finding.timestamp,
    });
  });

  it('marks muted findings Suppressed (status_id 3), whatever their status', () => {
    report.findings.forEach((finding, i) => {
      expect(records[i].status_id).toBe(finding.muted ? 3 : 1);
      expect(records[i].status).toBe(finding.muted ? 'Suppressed' : 'New');
      expect(records[i].status_code).toBe(finding.status);
    });
    expect(new Set(records.map((r) => `${r.status_code}/${r.status_id}`))).toEqual(
      new Set(['FAIL/1', 'FAIL/3', 'PASS/1', 'PASS/3', 'MANUAL/1', 'MANUAL/3']),
    );
    expect(new Set(records.map((r) => r.severity_id))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('says in every record when the scan was incomplete, and why', () => {
    const incomplete = toOcsf(handMadeReport(incompleteInfo)) as Record_[];
    for (const record of incomplete) {
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
      expect(record.unmapped.scan_complete).toBe(false);
      expect(record.unmapped.scan_incomplete_reasons).toEqual(incompleteInfo.incompleteReasons);
    }
    expect(records[0].unmapped).not.toHaveProperty('scan_incomplete_reasons');
  });

  it('writes a finding whose check the metadata lacks from the finding itself', () => {
    const index = report.findings.findIndex((f) => f.checkId === UNKNOWN_CHECK);
    expect(records[index].finding_info.title).toBe(UNKNOWN_CHECK);
    expect(records[index].metadata.event_code).toBe(UNKNOWN_CHECK);
    expect(validate(records[index])).toBe(true);
  });

  it('streams the same records as a JSON array, one per line', () => {
    const text = toOcsfJson(report);
    expect(JSON.parse(text)).toEqual(records);
    expect(text.split('\n').filter((line) => line.startsWith('{'))).toHaveLength(records.length);
    expect(JSON.parse([...ocsfChunks({ ...report, findings: [] })].join(''))).toEqual([]);
  });
});

describe('JSON-OCSF of an incomplete scan', () => {
  it('starts with a valid MANUAL aliaudit_scan_incomplete record per scope not read, naming the region and the reason', () => {
    const report = handMadeReport(incompleteInfo);
    const all = toOcsf(report) as Record_[];
    expect(all).toHaveLength(report.findings.length + incompleteInfo.incompleteScopes.length);
    const markers = all.slice(0, 2);
    for (const marker of markers) expect(validate(marker), JSON.stringify(validate.errors)).toBe(true);
    expect(markers.map((m) => [m.status_code, m.metadata.event_code, m.cloud.region, m.resources[0].region])).toEqual([
      ['MANUAL', 'aliaudit_scan_incomplete', 'ap-southeast-1', 'ap-southeast-1'],
      ['MANUAL', 'aliaudit_scan_incomplete', 'cn-shanghai', 'cn-shanghai'],
    ]);
    expect(markers[0].message).toBe('Scan incomplete: region ap-southeast-1 (ECS) timed out: no answer within 120 s. A missing FAIL there proves nothing.');
    expect(markers[0].finding_info.title).toBe('The scan read this region or service');
    expect(markers[0].unmapped).toMatchObject({ scan_complete: false, scan_incomplete_reasons: incompleteInfo.incompleteReasons });
    expect(new Set(all.map((r) => r.finding_info.uid)).size).toBe(all.length);
  });

  it('says so with no finding at all, where a complete scan with none writes []', () => {
    const empty = JSON.parse([...ocsfChunks({ ...handMadeReport(incompleteInfo), findings: [] })].join(''));
    expect(empty.map((r: Record_) => r.metadata.event_code)).toEqual(['aliaudit_scan_incomplete', 'aliaudit_scan_incomplete']);
    const stopped = JSON.parse(toOcsfJson({ ...handMadeReport({ ...info, complete: false, incompleteReasons: ['stopped before it finished (interrupted)'], incompleteScopes: [{ state: 'interrupted', reason: 'stopped before it finished (interrupted)' }] }), findings: [] }));
    expect(stopped).toHaveLength(1);
    expect(validate(stopped[0]), JSON.stringify(validate.errors)).toBe(true);
    expect(stopped[0].message).toBe('Scan incomplete: the whole scan interrupted: stopped before it finished (interrupted). A missing FAIL there proves nothing.');
    expect(JSON.parse(toOcsfJson({ ...handMadeReport(), findings: [] }))).toEqual([]);
  });
});
