import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../src/scan/model.js';
import { MAX_SARIF_RESULTS, SECURITY_SEVERITY, toSarif, toSarifJson } from '../../../src/scan/outputs/sarif.js';
import { HOSTILE_NAME, UNKNOWN_CHECK, generatedReport, handMadeReport, incompleteInfo } from './fixtures.js';

/*
 * The SARIF 2.1.0 schema comes from an npm package, never from the network: @microsoft/jest-sarif (Microsoft's
 * sarif-js-sdk, 22 kB) ships the last release candidate, 2.1.0-rtm.5, whose rules are those of the final 2.1.0
 * schema (it differs only in its title and id). It is draft-04, hence ajv-draft-04.
 */
const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');
const sarifSchema = JSON.parse(readFileSync(schemaPath, 'utf8'));

const Ajv04 = Ajv04Module as unknown as typeof Ajv04Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
// The schema's `language` pattern has a stray `]`, which only a non-Unicode regular expression accepts.
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

function expectValid(log: unknown): void {
  const ok = validateSarif(log);
  expect(ok, JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2)).toBe(true);
}

/** What GitHub code scanning needs beyond the schema; returns the problems found. */
function githubProblems(log: any): string[] {
  const problems: string[] = [];
  if (log.version !== '2.1.0') problems.push('version is not 2.1.0');
  if (log.runs?.length !== 1) problems.push('not exactly one run');
  const run = log.runs[0];
  const driver = run.tool?.driver;
  if (!driver?.name) problems.push('tool.driver.name missing');
  const rules: any[] = driver?.rules ?? [];
  const ids = rules.map((rule) => rule.id);
  if (new Set(ids).size !== ids.length) problems.push('duplicate rule ids');
  for (const rule of rules) {
    if (!rule.shortDescription?.text) problems.push(`${rule.id}: no shortDescription`);
    if (!rule.fullDescription?.text) problems.push(`${rule.id}: no fullDescription`);
    if (!rule.help?.text) problems.push(`${rule.id}: no help`);
    const score = rule.properties?.['security-severity'];
    if (typeof score !== 'string' || !/^\d+(\.\d+)?$/.test(score) || Number(score) > 10) problems.push(`${rule.id}: bad security-severity ${score}`);
    if (!Array.isArray(rule.properties?.tags) || rule.properties.tags.length > 20) problems.push(`${rule.id}: tags missing or more than 20`);
  }
  if (run.results.length > 25_000) problems.push('more than 25,000 results in the run');
  for (const result of run.results) {
    if (!ids.includes(result.ruleId)) problems.push(`${result.ruleId}: result without a rule`);
    if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId) problems.push(`${result.ruleId}: wrong ruleIndex`);
    if (!['error', 'warning', 'note'].includes(result.level)) problems.push(`${result.ruleId}: level ${result.level}`);
    if (!result.message?.text) problems.push(`${result.ruleId}: no message`);
    const physical = result.locations?.[0]?.physicalLocation;
    if (!physical?.artifactLocation?.uri) problems.push(`${result.ruleId}: no physicalLocation.artifactLocation.uri`);
    if (!(physical?.region?.startLine >= 1)) problems.push(`${result.ruleId}: no region.startLine`);
    const fingerprints = Object.values(result.partialFingerprints ?? {});
    if (fingerprints.length === 0 || fingerprints.some((value) => typeof value !== 'string' || !value)) {
      problems.push(`${result.ruleId}: no partialFingerprints`);
    }
  }
  return problems;
}

describe('SARIF', () => {
  const report = handMadeReport();
  const log = toSarif(report) as any;
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    expectValid(log);
    expectValid(toSarif(handMadeReport(incompleteInfo)));
    expectValid(toSarif({ ...report, findings: [] }));
    // The validator does reject what the schema forbids.
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].tool.driver.name;
    expect(validateSarif(broken)).toBe(false);
  });

  it('meets what GitHub code scanning requires', () => {
    expect(githubProblems(log)).toEqual([]);
    expect(log.$schema).toMatch(/sarif-2\.1\.0\.json$/);
    expect(run.tool.driver).toMatchObject({ name: 'aliaudit', version: '0.1.0' });
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
  });

  it('has a result for each FAIL finding only, muted ones suppressed', () => {
    const failing = report.findings.filter((f) => f.status === 'FAIL');
    expect(run.results).toHaveLength(failing.length);
    run.results.forEach((result: any, i: number) => {
      const finding = failing[i];
      expect(result.ruleId).toBe(finding.checkId);
      expect(result.message.text).toBe(finding.statusExtended);
      expect(result.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: finding.resource.uid },
        region: { startLine: 1 },
      });
      expect(Object.values(result.partialFingerprints)).toEqual([finding.uid]);
      if (finding.muted) expect(result.suppressions).toEqual([expect.objectContaining({ kind: 'external' })]);
      else expect(result).not.toHaveProperty('suppressions');
    });
    expect(run.results.map((r: any) => r.message.text)).not.toContain(report.findings.find((f) => f.status === 'MANUAL')!.statusExtended);
    expect(run.results[0].locations[0].logicalLocations[0].name).toBe(HOSTILE_NAME);
  });

  it('has one rule per check that produced a result, with severity, help and tags', () => {
    const failingChecks = [...new Set(report.findings.filter((f) => f.status === 'FAIL').map((f) => f.checkId))];
    expect(run.tool.driver.rules.map((rule: any) => rule.id)).toEqual(failingChecks);
    const rdp = run.tool.driver.rules.find((rule: any) => rule.id === 'ecs_securitygroup_restrict_rdp_internet');
    expect(rdp).toMatchObject({
      shortDescription: { text: 'Title of ecs_securitygroup_restrict_rdp_internet' },
      fullDescription: { text: 'Description of ecs_securitygroup_restrict_rdp_internet; it has a semicolon and "quotes".' },
      helpUri: 'https://www.alibabacloud.com/help/en/ecs_securitygroup_restrict_rdp_internet',
      properties: { 'security-severity': '9.5' },
    });
    expect(rdp.help.text).toContain('Fix ecs_securitygroup_restrict_rdp_internet.');
    expect(rdp.properties.tags).toEqual(expect.arrayContaining(['security', 'ecs', 'CIS-2.0 4.4']));
    expect(run.tool.driver.rules.find((rule: any) => rule.id === UNKNOWN_CHECK).shortDescription.text).toBe(UNKNOWN_CHECK);
  });

  it("maps severities into GitHub's security-severity bands and SARIF levels", () => {
    const band = (score: number): string =>
      score > 9.0 ? 'critical' : score >= 7.0 ? 'high' : score >= 4.0 ? 'medium' : score >= 0.1 ? 'low' : 'none';
    const expected: Record<Severity, string> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', informational: 'none' };
    for (const [severity, score] of Object.entries(SECURITY_SEVERITY)) expect(band(Number(score))).toBe(expected[severity as Severity]);
    const levels = Object.fromEntries(run.results.map((r: any) => [r.properties.severity, r.level]));
    expect(levels).toEqual({ critical: 'error', high: 'error', medium: 'warning', low: 'note' });
  });

  it('says when the scan was incomplete', () => {
    const incomplete = (toSarif(handMadeReport(incompleteInfo)) as any).runs[0];
    expect(incomplete.invocations[0].executionSuccessful).toBe(false);
    expect(incomplete.invocations[0].toolExecutionNotifications.map((n: any) => n.message.text)).toEqual(
      incompleteInfo.incompleteReasons.map((reason) => `Scan incomplete: ${reason}`),
    );
    expect(incomplete.properties.complete).toBe(false);
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  it('streams the same log', () => {
    expect(JSON.parse(toSarifJson(report))).toEqual(log);
    expect(JSON.parse(toSarifJson({ ...report, findings: [] }))).toEqual(toSarif({ ...report, findings: [] }));
  });

  it("keeps the most severe unmuted results when there are more than GitHub's 25,000, and says how many it left out", () => {
    const big = generatedReport(60_000);
    const failing = big.findings.filter((f) => f.status === 'FAIL').length;
    expect(failing).toBeGreaterThan(MAX_SARIF_RESULTS);
    const capped = JSON.parse(toSarifJson(big)) as any;
    const results = capped.runs[0].results;
    expect(results).toHaveLength(MAX_SARIF_RESULTS);
    expect(githubProblems(capped)).toEqual([]);
    expectValid(capped);
    expect(capped.runs[0].properties.omittedResults).toBe(failing - MAX_SARIF_RESULTS);
    expect(capped.runs[0].invocations[0].toolExecutionNotifications.at(-1).message.text).toContain(`${failing - MAX_SARIF_RESULTS} less severe`);
    const rank = ['critical', 'high', 'medium', 'low', 'informational'];
    const worstKept = Math.max(...results.map((r: any) => rank.indexOf(r.properties.severity)));
    const kept = new Set(results.map((r: any) => Object.values(r.partialFingerprints)[0]));
    expect(kept.size).toBe(MAX_SARIF_RESULTS);
    const leftOut = big.findings.filter((f) => f.status === 'FAIL' && !kept.has(f.uid));
    expect(leftOut).toHaveLength(failing - MAX_SARIF_RESULTS);
    expect(leftOut.filter((f) => !f.muted).every((f) => rank.indexOf(f.severity) >= worstKept)).toBe(true);
    expect(results.some((r: any) => r.suppressions)).toBe(false);

    const small = toSarif(big, { maxResults: 10 }) as any;
    expect(small.runs[0].results).toHaveLength(10);
    expect(small.runs[0].results.every((r: any) => r.properties.severity === 'critical')).toBe(true);
  });
});
