/** Region ids of Alibaba Cloud's public regions: what a scan uses when DescribeRegions is denied, and what the shell completes. */
export const KNOWN_REGIONS: readonly string[] = [
  'cn-qingdao', 'cn-beijing', 'cn-zhangjiakou', 'cn-huhehaote', 'cn-wulanchabu', 'cn-hangzhou', 'cn-shanghai', 'cn-shenzhen',
  'cn-heyuan', 'cn-guangzhou', 'cn-chengdu', 'cn-hongkong', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1',
  'ap-southeast-3', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'us-east-1', 'us-west-1', 'eu-west-1',
  'eu-central-1', 'me-east-1',
];
