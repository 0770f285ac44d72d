/**
 * CIS Alibaba Cloud Foundations Benchmark v2.0.0: all 85 recommendations in their eight sections, and the checks
 * that answer each, as Prowler's compliance file maps them plus aliaudit's own (1.1, 1.3, 1.10, 3.4, 3.5, 8.3, 8.4, 8.6, 8.8). This file is
 * the one place a check meets the framework: a check's `cis` ids are read from here. A check named here that no
 * service has yet makes its recommendation "not covered yet" until that service arrives.
 */

export interface Requirement {
  id: string;
  title: string;
  /** How the benchmark itself rates it. */
  assessment: 'Automated' | 'Manual';
  /** The checks whose findings answer it (Prowler's ids where Prowler has the check). */
  checks: readonly string[];
}

export interface Section {
  id: string;
  title: string;
}

export const CIS_SECTIONS: readonly Section[] = [
  { id: '1', title: 'Identity and Access Management' },
  { id: '2', title: 'Logging and Monitoring' },
  { id: '3', title: 'Networking' },
  { id: '4', title: 'Virtual Machines' },
  { id: '5', title: 'Storage' },
  { id: '6', title: 'Relational Database Services' },
  { id: '7', title: 'Kubernetes Engine' },
  { id: '8', title: 'Security Center' },
];

export const CIS_REQUIREMENTS: readonly Requirement[] = [
  { id: '1.1', assessment: 'Manual', title: 'Avoid the use of the root account', checks: ['ram_root_account_unused'] },
  { id: '1.2', assessment: 'Manual', title: 'Ensure no root account access key exists', checks: ['ram_no_root_access_key'] },
  { id: '1.3', assessment: 'Manual', title: 'Ensure MFA is enabled for the root account', checks: ['ram_root_mfa_enabled'] },
  { id: '1.4', assessment: 'Automated', title: 'Ensure that multi-factor authentication is enabled for all RAM users that have a console password', checks: ['ram_user_mfa_enabled_console_access'] },
  { id: '1.5', assessment: 'Automated', title: 'Ensure users not logged on for 90 days or longer are disabled for console logon', checks: ['ram_user_console_access_unused'] },
  { id: '1.6', assessment: 'Automated', title: 'Ensure access keys are rotated every 90 days or less', checks: ['ram_rotate_access_key_90_days'] },
  { id: '1.7', assessment: 'Automated', title: 'Ensure RAM password policy requires at least one uppercase letter', checks: ['ram_password_policy_uppercase'] },
  { id: '1.8', assessment: 'Automated', title: 'Ensure RAM password policy requires at least one lowercase letter', checks: ['ram_password_policy_lowercase'] },
  { id: '1.9', assessment: 'Automated', title: 'Ensure RAM password policy require at least one symbol', checks: ['ram_password_policy_symbol'] },
  { id: '1.10', assessment: 'Automated', title: 'Ensure RAM password policy require at least one number', checks: ['ram_password_policy_number'] },
  { id: '1.11', assessment: 'Automated', title: 'Ensure RAM password policy requires minimum length of 14 or greater', checks: ['ram_password_policy_minimum_length'] },
  { id: '1.12', assessment: 'Automated', title: 'Ensure RAM password policy prevents password reuse', checks: ['ram_password_policy_password_reuse_prevention'] },
  { id: '1.13', assessment: 'Automated', title: 'Ensure RAM password policy expires passwords in 365 days or greater', checks: ['ram_password_policy_max_password_age'] },
  { id: '1.14', assessment: 'Automated', title: 'Ensure RAM password policy temporarily blocks logon after 5 incorrect logon attempts within an hour', checks: ['ram_password_policy_max_login_attempts'] },
  { id: '1.15', assessment: 'Automated', title: 'Ensure RAM policies that allow full *:* administrative privileges are not created', checks: ['ram_policy_no_administrative_privileges'] },
  { id: '1.16', assessment: 'Automated', title: 'Ensure RAM policies are attached only to groups or roles', checks: ['ram_policy_attached_only_to_group_or_roles'] },
  { id: '2.1', assessment: 'Automated', title: 'Ensure that ActionTrail are configured to export copies of all Log entries', checks: ['actiontrail_multi_region_enabled'] },
  { id: '2.2', assessment: 'Automated', title: 'Ensure the OSS used to store ActionTrail logs is not publicly accessible', checks: ['actiontrail_oss_bucket_not_publicly_accessible'] },
  { id: '2.3', assessment: 'Manual', title: 'Ensure audit logs for multiple cloud resources are integrated with Log Service', checks: [] },
  { id: '2.4', assessment: 'Manual', title: 'Ensure Log Service is enabled for Container Service for Kubernetes', checks: [] },
  { id: '2.5', assessment: 'Manual', title: 'Ensure virtual network flow log service is enabled', checks: [] },
  { id: '2.6', assessment: 'Manual', title: 'Ensure Anti-DDoS access and security log service is enabled', checks: [] },
  { id: '2.7', assessment: 'Manual', title: 'Ensure Web Application Firewall access and security log service is enabled', checks: [] },
  { id: '2.8', assessment: 'Manual', title: 'Ensure Cloud Firewall access and security log analysis is enabled', checks: [] },
  { id: '2.9', assessment: 'Manual', title: 'Ensure Security Center Network, Host and Security log analysis is enabled', checks: [] },
  { id: '2.10', assessment: 'Manual', title: 'Ensure log monitoring and alerts are set up for RAM Role changes', checks: ['sls_ram_role_changes_alert_enabled'] },
  { id: '2.11', assessment: 'Manual', title: 'Ensure log monitoring and alerts are set up for Cloud Firewall changes', checks: ['sls_cloud_firewall_changes_alert_enabled'] },
  { id: '2.12', assessment: 'Manual', title: 'Ensure log monitoring and alerts are set up for VPC network route changes', checks: ['sls_vpc_network_route_changes_alert_enabled'] },
  { id: '2.13', assessment: 'Manual', title: 'Ensure log monitoring and alerts are set up for VPC changes', checks: ['sls_vpc_changes_alert_enabled'] },
  { id: '2.14', assessment: 'Manual', title: 'Ensure log monitoring and alerts are set up for OSS permission changes', checks: ['sls_oss_permission_changes_alert_enabled'] },
  { id: '2.15', assessment: 'Manual', title: 'Ensure log monitoring and alerts are set up for RDS instance configuration changes', checks: ['sls_rds_instance_configuration_changes_alert_enabled'] },
  { id: '2.16', assessment: 'Manual', title: 'Ensure a log monitoring and alerts are set up for unauthorized API calls', checks: ['sls_unauthorized_api_calls_alert_enabled'] },
  { id: '2.17', assessment: 'Manual', title: 'Ensure a log monitoring and alerts are set up for Management Console sign-in without MFA', checks: ['sls_management_console_signin_without_mfa_alert_enabled'] },
  { id: '2.18', assessment: 'Manual', title: 'Ensure a log monitoring and alerts are set up for usage of root account', checks: ['sls_root_account_usage_alert_enabled'] },
  { id: '2.19', assessment: 'Manual', title: 'Ensure a log monitoring and alerts are set up for Management Console authentication failures', checks: ['sls_management_console_authentication_failures_alert_enabled'] },
  { id: '2.20', assessment: 'Manual', title: 'Ensure a log monitoring and alerts are set up for disabling or deletion of customer created CMKs', checks: ['sls_customer_created_cmk_changes_alert_enabled'] },
  { id: '2.21', assessment: 'Manual', title: 'Ensure a log monitoring and alerts are set up for OSS bucket policy changes', checks: ['sls_oss_bucket_policy_changes_alert_enabled'] },
  { id: '2.22', assessment: 'Manual', title: 'Ensure a log monitoring and alerts are set up for security group changes', checks: ['sls_security_group_changes_alert_enabled'] },
  { id: '2.23', assessment: 'Manual', title: 'Ensure that Logstore data retention period is set 365 days or greater', checks: ['sls_logstore_retention_period'] },
  { id: '3.1', assessment: 'Manual', title: 'Ensure legacy networks does not exist', checks: ['ecs_instance_no_legacy_network'] },
  { id: '3.2', assessment: 'Manual', title: 'Ensure that SSH access is restricted from the internet', checks: ['ecs_securitygroup_restrict_ssh_internet'] },
  { id: '3.3', assessment: 'Manual', title: 'Ensure VPC flow logging is enabled in all VPCs', checks: ['vpc_flow_logs_enabled'] },
  { id: '3.4', assessment: 'Manual', title: 'Ensure routing tables for VPC peering are least access', checks: ['vpc_peering_routes_least_access'] },
  { id: '3.5', assessment: 'Manual', title: 'Ensure the security group are configured with fine grained rules', checks: ['ecs_securitygroup_restrict_all_ports_internet'] },
  { id: '4.1', assessment: 'Manual', title: "Ensure that 'Unattached disks' are encrypted", checks: ['ecs_unattached_disk_encrypted'] },
  { id: '4.2', assessment: 'Manual', title: 'Ensure that Virtual Machines disk are encrypted', checks: ['ecs_attached_disk_encrypted'] },
  { id: '4.3', assessment: 'Manual', title: 'Ensure no security groups allow ingress from 0.0.0.0/0 to port 22', checks: ['ecs_securitygroup_restrict_ssh_internet'] },
  { id: '4.4', assessment: 'Manual', title: 'Ensure no security groups allow ingress from 0.0.0.0/0 to port 3389', checks: ['ecs_securitygroup_restrict_rdp_internet'] },
  { id: '4.5', assessment: 'Manual', title: 'Ensure that the latest OS Patches for all Virtual Machines are applied', checks: ['ecs_instance_latest_os_patches_applied'] },
  { id: '4.6', assessment: 'Manual', title: 'Ensure that the endpoint protection for all Virtual Machines is installed', checks: ['ecs_instance_endpoint_protection_installed'] },
  { id: '5.1', assessment: 'Automated', title: 'Ensure that OSS bucket is not anonymously or publicly accessible', checks: ['oss_bucket_not_publicly_accessible'] },
  { id: '5.2', assessment: 'Manual', title: 'Ensure that there are no publicly accessible objects in storage buckets', checks: [] },
  { id: '5.3', assessment: 'Automated', title: 'Ensure that logging is enabled for OSS buckets', checks: ['oss_bucket_logging_enabled'] },
  { id: '5.4', assessment: 'Automated', title: "Ensure that 'Secure transfer required' is set to 'Enabled'", checks: ['oss_bucket_secure_transport_enabled'] },
  { id: '5.5', assessment: 'Manual', title: 'Ensure that the shared URL signature expires within an hour', checks: [] },
  { id: '5.6', assessment: 'Manual', title: 'Ensure that URL signature is allowed only over https', checks: [] },
  { id: '5.7', assessment: 'Automated', title: 'Ensure network access rule for storage bucket is not set to publicly accessible', checks: [] },
  { id: '5.8', assessment: 'Manual', title: 'Ensure server-side encryption is set to Encrypt with Service Key', checks: [] },
  { id: '5.9', assessment: 'Manual', title: 'Ensure server-side encryption is set to Encrypt with BYOK', checks: [] },
  { id: '6.1', assessment: 'Automated', title: 'Ensure that RDS instance requires all incoming connections to use SSL', checks: ['rds_instance_ssl_enabled'] },
  { id: '6.2', assessment: 'Automated', title: 'Ensure that RDS Instances are not open to the world', checks: ['rds_instance_no_public_access_whitelist'] },
  { id: '6.3', assessment: 'Automated', title: "Ensure that 'Auditing' is set to 'On' for applicable database instances", checks: ['rds_instance_sql_audit_enabled'] },
  { id: '6.4', assessment: 'Automated', title: "Ensure that 'Auditing' Retention is 'greater than 6 months'", checks: ['rds_instance_sql_audit_retention'] },
  { id: '6.5', assessment: 'Automated', title: "Ensure that 'TDE' is set to 'Enabled' on for applicable database instance", checks: ['rds_instance_tde_enabled'] },
  { id: '6.6', assessment: 'Automated', title: 'Ensure RDS instance TDE protector is encrypted with BYOK (Use your own key)', checks: ['rds_instance_tde_key_custom'] },
  { id: '6.7', assessment: 'Automated', title: "Ensure parameter 'log_connections' is set to 'ON' for PostgreSQL Database", checks: ['rds_instance_postgresql_log_connections_enabled'] },
  { id: '6.8', assessment: 'Automated', title: "Ensure server parameter 'log_disconnections' is set to 'ON' for PostgreSQL Database Server", checks: ['rds_instance_postgresql_log_disconnections_enabled'] },
  { id: '6.9', assessment: 'Automated', title: "Ensure server parameter 'log_duration is set to 'ON' for PostgreSQL Database Server", checks: ['rds_instance_postgresql_log_duration_enabled'] },
  { id: '7.1', assessment: 'Automated', title: 'Ensure Log Service is set to Enabled on Kubernetes Engine Clusters', checks: ['cs_kubernetes_log_service_enabled'] },
  { id: '7.2', assessment: 'Automated', title: 'Ensure CloudMonitor is set to Enabled on Kubernetes Engine Clusters', checks: ['cs_kubernetes_cloudmonitor_enabled'] },
  { id: '7.3', assessment: 'Automated', title: 'Ensure role-based access control (RBAC) authorization is Enabled on Kubernetes Engine Clusters', checks: ['cs_kubernetes_rbac_enabled'] },
  { id: '7.4', assessment: 'Automated', title: 'Ensure Cluster Check triggered at least once per week for Kubernetes Clusters', checks: ['cs_kubernetes_cluster_check_recent'] },
  { id: '7.5', assessment: 'Automated', title: 'Ensure Kubernetes web UI / Dashboard is not enabled', checks: ['cs_kubernetes_dashboard_disabled'] },
  { id: '7.6', assessment: 'Automated', title: 'Ensure Basic Authentication is not enabled on Kubernetes Engine Clusters', checks: [] },
  { id: '7.7', assessment: 'Automated', title: 'Ensure Network policy is enabled on Kubernetes Engine Clusters', checks: ['cs_kubernetes_network_policy_enabled'] },
  { id: '7.8', assessment: 'Automated', title: 'Ensure ENI multiple IP mode support for Kubernetes Cluster', checks: ['cs_kubernetes_eni_multiple_ip_enabled'] },
  { id: '7.9', assessment: 'Automated', title: 'Ensure Kubernetes Cluster is created with Private cluster enabled', checks: ['cs_kubernetes_private_cluster_enabled'] },
  { id: '8.1', assessment: 'Automated', title: 'Ensure that Security Center is Advanced or Enterprise Edition', checks: ['securitycenter_advanced_or_enterprise_edition'] },
  { id: '8.2', assessment: 'Automated', title: 'Ensure that all assets are installed with security agent', checks: ['securitycenter_all_assets_agent_installed'] },
  { id: '8.3', assessment: 'Manual', title: 'Ensure that Automatic Quarantine is enabled', checks: ['securitycenter_auto_quarantine_enabled'] },
  { id: '8.4', assessment: 'Manual', title: 'Ensure that Webshell detection is enabled on all web servers', checks: ['securitycenter_webshell_detection_enabled'] },
  { id: '8.5', assessment: 'Automated', title: 'Ensure that notification is enabled on all high risk items', checks: ['securitycenter_notification_enabled_high_risk'] },
  { id: '8.6', assessment: 'Manual', title: 'Ensure that Config Assessment is granted with privilege', checks: ['securitycenter_config_assessment_authorized'] },
  { id: '8.7', assessment: 'Automated', title: 'Ensure that scheduled vulnerability scan is enabled on all servers', checks: ['securitycenter_vulnerability_scan_enabled'] },
  { id: '8.8', assessment: 'Manual', title: 'Ensure that Asset Fingerprint automatically collects asset fingerprint data', checks: ['securitycenter_asset_fingerprint_enabled'] },
];

/** The section a requirement is in: `2` for 2.13. */
export function sectionOf(requirementId: string): string {
  return requirementId.split('.')[0];
}

/** Check id → the requirements it answers, in the benchmark's order. */
export const CIS_BY_CHECK: ReadonlyMap<string, readonly string[]> = (() => {
  const byCheck = new Map<string, string[]>();
  for (const requirement of CIS_REQUIREMENTS) for (const check of requirement.checks) byCheck.set(check, [...(byCheck.get(check) ?? []), requirement.id]);
  return byCheck;
})();
