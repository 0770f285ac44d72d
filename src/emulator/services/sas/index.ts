/** Security Center (SAS) 2018-12-03: the API (api.ts) over the account's `SecurityCenter` section of the world (section.ts). */
export { sasService } from './api.js';
export { securityCenterOf, securityCenterSection } from './section.js';
export type { SasAsset, SasMachine, SasNoticeConfig, SasSection, SasVulnerability } from './state.js';
