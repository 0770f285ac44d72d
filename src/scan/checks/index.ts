import { closest } from '../../core/similar.js';
import { InputError } from '../../core/errors.js';
import { type CheckMetadata, type Service, type Severity } from '../model.js';
import type { CheckDefinition } from './check.js';
import { ecsChecks } from './ecs.js';
import { ramChecks } from './ram.js';

/** Every check aliaudit runs, RAM first, in the order reports list them. */
export const ALL_CHECKS: readonly CheckDefinition<any>[] = [
  ...ramChecks.account,
  ...ramChecks.passwordPolicy,
  ...ramChecks.user,
  ...ramChecks.policy,
  ...ecsChecks.securityGroup,
  ...ecsChecks.instance,
  ...ecsChecks.disk,
  ...ecsChecks.region,
];

/** What reports say of a check: its definition without the logic. */
export function metadataOf(check: CheckDefinition<unknown>): CheckMetadata {
  const { id, title, severity, service, resourceType, cis, description, risk, remediation, categories } = check;
  return { id, title, severity, service, resourceType, cis, description, risk, remediation, categories };
}

export interface CheckSelection {
  services?: readonly Service[];
  checks?: readonly string[];
  excludedChecks?: readonly string[];
  severities?: readonly Severity[];
  /** Only checks mapped to this framework (the one aliaudit knows: cis_2.0_alibabacloud). */
  compliance?: string;
}

/** Bad input naming `flag` and the nearest real check, unless every id `named` is a check. */
export function requireKnownChecks(flag: string, named: readonly string[] | undefined): void {
  const ids = ALL_CHECKS.map((check) => check.id);
  for (const id of named ?? []) {
    if (ids.includes(id)) continue;
    const near = closest(id, ids);
    throw new InputError(`${flag}: there is no check ${id}`, near ? `did you mean ${near}? aliaudit scan --list-checks lists them all` : 'aliaudit scan --list-checks lists them all');
  }
}

/** The checks a scan runs; an unknown check id is bad input naming the nearest real one. */
export function selectChecks(selection: CheckSelection): CheckDefinition<any>[] {
  requireKnownChecks('--checks', selection.checks);
  requireKnownChecks('--excluded-checks', selection.excludedChecks);
  return ALL_CHECKS.filter(
    (check) =>
      (!selection.services?.length || selection.services.includes(check.service)) &&
      (!selection.checks?.length || selection.checks.includes(check.id)) &&
      !selection.excludedChecks?.includes(check.id) &&
      (!selection.severities?.length || selection.severities.includes(check.severity)) &&
      (!selection.compliance || check.cis.length > 0),
  );
}
