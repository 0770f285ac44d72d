import { CIS_FRAMEWORK } from './model.js';

/** A requirement of CIS Alibaba Cloud Foundations v2.0.0 in the sections aliaudit covers. */
export interface Requirement {
  id: string;
  title: string;
  /** How the benchmark itself rates it. */
  assessment: 'Automated' | 'Manual';
}

export const FRAMEWORKS = [{ id: CIS_FRAMEWORK, name: 'CIS Alibaba Cloud Foundations Benchmark v2.0.0' }] as const;

export const CIS_REQUIREMENTS: readonly Requirement[] = [
  { id: '1.1', title: 'Avoid the use of the root account', assessment: 'Manual' },
  { id: '1.2', title: 'Ensure no root account access key exists', assessment: 'Manual' },
  { id: '1.3', title: 'Ensure MFA is enabled for the root account', assessment: 'Manual' },
  { id: '1.4', title: 'Ensure MFA is enabled for all RAM users that have a console password', assessment: 'Automated' },
  { id: '1.5', title: 'Ensure users not logged on for 90 days or longer are disabled for console logon', assessment: 'Automated' },
  { id: '1.6', title: 'Ensure access keys are rotated every 90 days or less', assessment: 'Automated' },
  { id: '1.7', title: 'Ensure RAM password policy requires at least one uppercase letter', assessment: 'Automated' },
  { id: '1.8', title: 'Ensure RAM password policy requires at least one lowercase letter', assessment: 'Automated' },
  { id: '1.9', title: 'Ensure RAM password policy requires at least one symbol', assessment: 'Automated' },
  { id: '1.10', title: 'Ensure RAM password policy requires at least one number', assessment: 'Automated' },
  { id: '1.11', title: 'Ensure RAM password policy requires minimum length of 14 or greater', assessment: 'Automated' },
  { id: '1.12', title: 'Ensure RAM password policy prevents password reuse', assessment: 'Automated' },
  { id: '1.13', title: 'Ensure RAM password policy expires passwords in 365 days or greater', assessment: 'Automated' },
  { id: '1.14', title: 'Ensure RAM password policy temporarily blocks logon after 5 incorrect logon attempts', assessment: 'Automated' },
  { id: '1.15', title: 'Ensure RAM policies that allow full "*:*" administrative privileges are not created', assessment: 'Automated' },
  { id: '1.16', title: 'Ensure RAM policies are attached only to groups or roles', assessment: 'Automated' },
  { id: '3.1', title: 'Ensure legacy networks do not exist', assessment: 'Automated' },
  { id: '3.2', title: 'Ensure that SSH access is restricted from the internet', assessment: 'Automated' },
  { id: '3.3', title: 'Ensure VPC flow logging is enabled in all VPCs', assessment: 'Automated' },
  { id: '3.4', title: 'Ensure routing tables for VPC peering are "least access"', assessment: 'Manual' },
  { id: '3.5', title: 'Ensure the security group rules are fine-grained', assessment: 'Manual' },
  { id: '4.1', title: 'Ensure that unattached disks are encrypted', assessment: 'Automated' },
  { id: '4.2', title: 'Ensure that virtual machine disks are encrypted', assessment: 'Automated' },
  { id: '4.3', title: 'Ensure no security groups allow ingress from 0.0.0.0/0 to port 22', assessment: 'Automated' },
  { id: '4.4', title: 'Ensure no security groups allow ingress from 0.0.0.0/0 to port 3389', assessment: 'Automated' },
  { id: '4.5', title: 'Ensure that the latest OS patches for all virtual machines are applied', assessment: 'Automated' },
  { id: '4.6', title: 'Ensure that endpoint protection for all virtual machines is installed', assessment: 'Automated' },
];
