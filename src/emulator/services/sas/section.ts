/** Security Center's part of each account of the world file: `"SecurityCenter": { Version, Instances, … }`. */
import { sectionOf, type ServiceSection } from '../service.js';
import { securityCenterDemo } from './demo.js';
import { generateSecurityCenter } from './generate.js';
import { DEALT_STATUSES, type SasSection } from './state.js';
import { loadSecurityCenter, UNCONFIGURED } from './world.js';

export const securityCenterSection: ServiceSection<SasSection> = {
  key: 'SecurityCenter',
  load: loadSecurityCenter,
  demo: securityCenterDemo,
  generate: generateSecurityCenter,
  inventory: (sas) => ({
    global: {
      sasAssets: sas.Instances.length + sas.UninstalledMachines.length,
      sasUninstalledMachines: sas.UninstalledMachines.length,
      // What a scan pages through: the OS vulnerabilities of each type not dealt with that need fixing.
      sasOpenCveVulnerabilities: openVulnerabilities(sas, 'cve'),
      sasOpenSysVulnerabilities: openVulnerabilities(sas, 'sys'),
    },
  }),
};

function openVulnerabilities(sas: SasSection, type: 'cve' | 'sys'): number {
  return sas.Vulnerabilities.filter((v) => v.Type === type && v.Necessity !== 'nntf' && !DEALT_STATUSES.has(v.Status)).length;
}

/** The account's Security Center; an unconfigured one (Free edition, nothing listed, every switch off) when the world says nothing. */
export function securityCenterOf(account: { Sections: Record<string, unknown> }): SasSection {
  return sectionOf(account, securityCenterSection) ?? UNCONFIGURED;
}
