import { closest } from '../../core/similar.js';
import { InputError } from '../../core/errors.js';
import { type CheckMetadata, type Service, type Severity } from '../model.js';
import type { CheckDefinition } from './check.js';
import { ALL_CHECKS, SERVICE_IDS } from '../services/index.js';

export { ALL_CHECKS };

/** What reports say of a check: its definition without the logic. */
export function metadataOf(check: CheckDefinition<unknown>): CheckMetadata {
  const { id, title, severity, service, resourceType, cis, description, risk, remediation, categories } = check;
  return { id, title, severity, service, resourceType, cis: cis ?? [], description, risk, remediation, categories };
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

/** Bad input naming `--services` and the nearest real service, unless every id named is a scanned service. */
export function requireKnownServices(named: readonly string[] | undefined): void {
  for (const id of named ?? []) {
    if (SERVICE_IDS.includes(id)) continue;
    const near = closest(id, SERVICE_IDS);
    throw new InputError(`--services: there is no service ${id}; the services are: ${SERVICE_IDS.join(', ')}`, near ? `did you mean ${near}?` : 'aliaudit scan --list-checks lists every check by service');
  }
}

/** The checks a scan runs; an unknown check id or service is bad input naming the nearest real one. */
export function selectChecks(selection: CheckSelection): CheckDefinition<any>[] {
  requireKnownServices(selection.services);
  requireKnownChecks('--checks', selection.checks);
  requireKnownChecks('--excluded-checks', selection.excludedChecks);
  return ALL_CHECKS.filter(
    (check) =>
      (!selection.services?.length || selection.services.includes(check.service)) &&
      (!selection.checks?.length || selection.checks.includes(check.id)) &&
      !selection.excludedChecks?.includes(check.id) &&
      (!selection.severities?.length || selection.severities.includes(check.severity)) &&
      (!selection.compliance || (check.cis?.length ?? 0) > 0),
  );
}
