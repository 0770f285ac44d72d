/**
 * The built-in (System) RAM policies the emulator knows. Documents follow the real ones; ReadOnlyAccess is
 * condensed to product wildcards instead of the real per-product list.
 */
import type { PolicyDocument } from './state.js';

export interface SystemPolicy {
  Description: string;
  PolicyDocument: PolicyDocument;
}

function allow(actions: string[]): PolicyDocument {
  return { Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] };
}

export const SYSTEM_POLICIES: ReadonlyMap<string, SystemPolicy> = new Map<string, SystemPolicy>([
  ['AdministratorAccess', {
    Description: 'Provides full access to Alibaba Cloud services and resources.',
    PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  }],
  ['ReadOnlyAccess', {
    Description: 'Provides read-only access to Alibaba Cloud services and resources.',
    PolicyDocument: allow(['*:Describe*', '*:List*', '*:Get*', '*:Query*', '*:BatchGet*']),
  }],
  ['AliyunSTSAssumeRoleAccess', {
    Description: 'Provides access to call Security Token Service (STS) AssumeRole interface.',
    PolicyDocument: allow(['sts:AssumeRole']),
  }],
  ['AliyunRAMReadOnlyAccess', {
    Description: 'Provides read-only access to Resource Access Management (RAM).',
    // Generating the credential report changes nothing, and the read-only policy grants it so reports can be read.
    PolicyDocument: allow(['ram:Get*', 'ram:List*', 'ram:GenerateCredentialReport']),
  }],
  ['AliyunRAMFullAccess', {
    Description: 'Provides full access to Resource Access Management (RAM).',
    PolicyDocument: allow(['ram:*']),
  }],
  ['AliyunECSReadOnlyAccess', {
    Description: 'Provides read-only access to Elastic Compute Service (ECS).',
    PolicyDocument: allow(['ecs:Describe*', 'ecs:List*']),
  }],
  ['AliyunECSFullAccess', {
    Description: 'Provides full access to Elastic Compute Service (ECS).',
    PolicyDocument: allow(['ecs:*']),
  }],
  ['AliyunVPCReadOnlyAccess', {
    Description: 'Provides read-only access to Virtual Private Cloud (VPC).',
    PolicyDocument: allow(['vpc:Describe*', 'vpc:List*', 'vpc:Get*']),
  }],
  ['AliyunOSSReadOnlyAccess', {
    Description: 'Provides read-only access to Object Storage Service (OSS).',
    PolicyDocument: allow(['oss:Get*', 'oss:List*']),
  }],
  ['AliyunOSSFullAccess', {
    Description: 'Provides full access to Object Storage Service (OSS).',
    PolicyDocument: allow(['oss:*']),
  }],
  ['AliyunActionTrailReadOnlyAccess', {
    Description: 'Provides read-only access to ActionTrail.',
    PolicyDocument: allow(['actiontrail:Describe*', 'actiontrail:Get*', 'actiontrail:List*', 'actiontrail:LookupEvents']),
  }],
  ['AliyunRDSReadOnlyAccess', {
    Description: 'Provides read-only access to ApsaraDB for RDS.',
    PolicyDocument: allow(['rds:Describe*', 'rds:List*']),
  }],
  ['AliyunYundunSASReadOnlyAccess', {
    Description: 'Provides read-only access to Security Center.',
    PolicyDocument: allow(['yundun-sas:Describe*', 'yundun-sas:List*', 'yundun-sas:Get*']),
  }],
  ['AliyunCSReadOnlyAccess', {
    Description: 'Provides read-only access to Container Service for Kubernetes.',
    PolicyDocument: allow(['cs:Describe*', 'cs:List*', 'cs:Get*', 'cs:Check*']),
  }],
]);
