import { CIS_FRAMEWORK } from './model.js';

/** The frameworks aliaudit maps its checks to, each in a file of its own under compliance/. */
export const FRAMEWORKS = [{ id: CIS_FRAMEWORK, name: 'CIS Alibaba Cloud Foundations Benchmark v2.0.0' }] as const;

export { CIS_BY_CHECK, CIS_REQUIREMENTS, CIS_SECTIONS, type Requirement, type Section, sectionOf } from './compliance/cis-2.0.js';
