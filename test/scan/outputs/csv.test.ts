import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { visible } from '../../../src/core/visible.js';
import { CSV_COLUMNS, csvCell, toCsv } from '../../../src/scan/outputs/csv.js';
import { HOSTILE_NAME_SHOWN, UNKNOWN_CHECK, generatedReport, handMadeReport, incompleteInfo, info } from './fixtures.js';

const PROWLER_COLUMNS = [
  'AUTH_METHOD', 'TIMESTAMP', 'ACCOUNT_UID', 'ACCOUNT_NAME', 'ACCOUNT_EMAIL', 'ACCOUNT_ORGANIZATION_UID',
  'ACCOUNT_ORGANIZATION_NAME', 'ACCOUNT_TAGS', 'FINDING_UID', 'PROVIDER', 'CHECK_ID', 'CHECK_TITLE', 'CHECK_TYPE',
  'STATUS', 'STATUS_EXTENDED', 'MUTED', 'SERVICE_NAME', 'SUBSERVICE_NAME', 'SEVERITY', 'RESOURCE_TYPE', 'RESOURCE_UID',
  'RESOURCE_NAME', 'RESOURCE_DETAILS', 'RESOURCE_TAGS', 'PARTITION', 'REGION', 'DESCRIPTION', 'RISK', 'RELATED_URL',
  'REMEDIATION_RECOMMENDATION_TEXT', 'REMEDIATION_RECOMMENDATION_URL', 'REMEDIATION_CODE_NATIVEIAC',
  'REMEDIATION_CODE_TERRAFORM', 'REMEDIATION_CODE_CLI', 'REMEDIATION_CODE_OTHER', 'COMPLIANCE', 'CATEGORIES',
  'DEPENDS_ON', 'RELATED_TO', 'NOTES', 'PROWLER_VERSION', 'ADDITIONAL_URLS', 'ACCOUNT_OU_UID', 'ACCOUNT_OU_NAME',
];

function rows(text: string): string[][] {
  return parse(text, { delimiter: ';', relax_column_count: false, record_delimiter: '\r\n' }) as string[][];
}

describe('CSV', () => {
  const report = handMadeReport();
  const text = toCsv(report);
  const [header, ...records] = rows(text);
  const byName = records.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i]])));

  it("has Prowler's columns in Prowler's order", () => {
    expect(CSV_COLUMNS).toEqual(PROWLER_COLUMNS);
    expect(header).toEqual(PROWLER_COLUMNS);
    expect(text.split('\r\n')[0]).toBe(PROWLER_COLUMNS.join(';'));
  });

  it('round-trips every cell through a CSV parser, hostile text included', () => {
    expect(records).toHaveLength(report.findings.length);
    for (const cells of records) expect(cells).toHaveLength(PROWLER_COLUMNS.length);
    const hostile = byName[0];
    expect(hostile.RESOURCE_NAME).toBe(HOSTILE_NAME_SHOWN);
    expect(hostile.STATUS_EXTENDED).toBe(visible(report.findings[0].statusExtended, { lines: true }));
    expect(hostile.RESOURCE_DETAILS).toBe('Rule 3389/tcp from 0.0.0.0/0;\nsecond line');
    expect(hostile.RESOURCE_TAGS).toBe('env=prod;dev | owner=a"b | note=line1\nline2');
    expect(hostile.DESCRIPTION).toBe('Description of ecs_securitygroup_restrict_rdp_internet; it has a semicolon and "quotes".');
  });

  it('quotes a cell only when it holds ; or " or a line break (RFC 4180)', () => {
    expect(csvCell('plain text, with comma')).toBe('plain text, with comma');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvCell('one\rtwo')).toBe('one^Mtwo');
    expect(csvCell('')).toBe('');
  });

  it('fills what aliaudit knows and leaves the rest empty', () => {
    const finding = report.findings[0];
    expect(byName[0]).toMatchObject({
      AUTH_METHOD: info.authMethod,
      TIMESTAMP: finding.timestamp,
      ACCOUNT_UID: finding.accountUid,
      ACCOUNT_NAME: 'acme-prod',
      FINDING_UID: finding.uid,
      PROVIDER: 'alibabacloud',
      CHECK_ID: 'ecs_securitygroup_restrict_rdp_internet',
      CHECK_TITLE: 'Title of ecs_securitygroup_restrict_rdp_internet',
      STATUS: 'FAIL',
      MUTED: 'False',
      SERVICE_NAME: 'ecs',
      SEVERITY: 'critical',
      RESOURCE_TYPE: 'securitygroup',
      RESOURCE_UID: finding.resource.uid,
      REGION: 'cn-hangzhou',
      RISK: 'Risk of ecs_securitygroup_restrict_rdp_internet.',
      REMEDIATION_RECOMMENDATION_TEXT: 'Fix ecs_securitygroup_restrict_rdp_internet.',
      REMEDIATION_RECOMMENDATION_URL: 'https://www.alibabacloud.com/help/en/ecs_securitygroup_restrict_rdp_internet',
      REMEDIATION_CODE_CLI: finding.remediationCli,
      COMPLIANCE: 'CIS-2.0: 4.4',
      CATEGORIES: 'internet-exposed | trustboundaries',
      PROWLER_VERSION: '0.1.0',
    });
    for (const empty of [
      'ACCOUNT_EMAIL', 'ACCOUNT_ORGANIZATION_UID', 'ACCOUNT_ORGANIZATION_NAME', 'ACCOUNT_TAGS', 'CHECK_TYPE',
      'SUBSERVICE_NAME', 'PARTITION', 'RELATED_URL', 'REMEDIATION_CODE_NATIVEIAC', 'REMEDIATION_CODE_TERRAFORM',
      'REMEDIATION_CODE_OTHER', 'DEPENDS_ON', 'RELATED_TO', 'NOTES', 'ADDITIONAL_URLS', 'ACCOUNT_OU_UID', 'ACCOUNT_OU_NAME',
    ]) {
      expect(byName.every((row) => row[empty] === ''), empty).toBe(true);
    }
  });

  it('writes MUTED as Python prints a bool, and several requirement ids as Prowler joins them', () => {
    expect(byName.map((row) => row.MUTED)).toEqual(report.findings.map((f) => (f.muted ? 'True' : 'False')));
    const disk = byName.find((row) => row.CHECK_ID === 'ecs_disk_encryption_enabled')!;
    expect(disk.COMPLIANCE).toBe('CIS-2.0: 4.1, 4.2');
    const unknown = byName.find((row) => row.CHECK_ID === UNKNOWN_CHECK)!;
    expect(unknown.CHECK_TITLE).toBe(UNKNOWN_CHECK);
    expect(unknown.SEVERITY).toBe('low');
  });

  it('ends every line with CRLF, a header and nothing else for no findings', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(toCsv({ ...report, findings: [] })).toBe(`${PROWLER_COLUMNS.join(';')}\r\n`);
  });

  it('parses a generated report of 10,000 findings back to the same values', () => {
    const big = generatedReport(10_000);
    const parsed = rows(toCsv(big));
    expect(parsed).toHaveLength(10_001);
    const uidColumn = parsed[0].indexOf('FINDING_UID');
    const nameColumn = parsed[0].indexOf('RESOURCE_NAME');
    expect(parsed.slice(1).map((cells) => cells[uidColumn])).toEqual(big.findings.map((f) => f.uid));
    expect(parsed.slice(1).map((cells) => cells[nameColumn])).toEqual(big.findings.map((f) => f.resource.name));
  });
});

describe('CSV of an incomplete scan', () => {
  it('starts with a MANUAL aliaudit_scan_incomplete row per scope not read, then the findings', () => {
    const report = handMadeReport(incompleteInfo);
    const [header, ...records] = rows(toCsv(report));
    expect(records).toHaveLength(report.findings.length + 2);
    const markers = records.slice(0, 2).map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i]])));
    expect(markers.map((m) => [m.CHECK_ID, m.STATUS, m.REGION, m.SERVICE_NAME])).toEqual([
      ['aliaudit_scan_incomplete', 'MANUAL', 'ap-southeast-1', 'ecs'],
      ['aliaudit_scan_incomplete', 'MANUAL', 'cn-shanghai', 'ecs'],
    ]);
    expect(markers[0].STATUS_EXTENDED).toBe('Scan incomplete: region ap-southeast-1 (ECS) timed out: no answer within 120 s. A missing FAIL there proves nothing.');
    expect(rows(toCsv({ ...report, findings: [] }))).toHaveLength(3);
    expect(rows(toCsv({ ...handMadeReport(), findings: [] }))).toHaveLength(1);
  });
});
