import type { Credentials, Endpoint, Timeouts } from '../credentials/types.js';
import { cjsDefaultClass, openApiConfig } from './client-config.js';

/**
 * The generated STS client (@alicloud/sts20150401), loaded on first use. Without credentials it can still make
 * the unsigned calls (AssumeRoleWithOIDC). Without an endpoint it uses the SDK's rule for the region.
 */
export async function stsClient(
  options: { credentials?: Credentials; endpoint?: Endpoint; regionId: string } & Timeouts,
): Promise<any> {
  const [config, sts] = await Promise.all([openApiConfig(options), import('@alicloud/sts20150401')]);
  const Sts = cjsDefaultClass<new (config: unknown) => any>(sts);
  return new Sts(config);
}

/** The request models of the STS SDK (AssumeRoleRequest, AssumeRoleWithOIDCRequest). */
export async function stsModels(): Promise<any> {
  const sts: any = await import('@alicloud/sts20150401');
  return sts.AssumeRoleRequest ? sts : sts.default;
}
