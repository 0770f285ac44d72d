// The official SDKs, on their own: the credentials SDK's default chain (which reads ~/.aliyun/config.json and the
// profile ALIBABA_CLOUD_PROFILE names) signs STS GetCallerIdentity to the host:port in EMULATOR_HOST.
import credentials from '@alicloud/credentials';
import sts from '@alicloud/sts20150401';
import { $OpenApiUtil } from '@alicloud/openapi-core';

const Credential = credentials.default ?? credentials;
const Sts = sts.default ?? sts;
const client = new Sts(
  new $OpenApiUtil.Config({ credential: new Credential(), endpoint: process.env.EMULATOR_HOST, protocol: 'http', regionId: 'cn-hangzhou' }),
);
const response = await client.getCallerIdentity();
process.stdout.write(`${JSON.stringify(response.body.toMap())}\n`);
