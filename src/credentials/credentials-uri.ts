import { UserError } from '../core/errors.js';
import { parseServiceUrl } from '../core/url.js';
import { failureReason, plainRequest, type PlainAnswer } from '../cloud/http.js';
import { credentialsFromBody } from './credentials-body.js';
import type { Credentials } from './types.js';

export const CREDENTIALS_URI_TIMEOUT_MS = 10_000;

/** The URI a CredentialsURI profile reads: checked now (plain http only to loopback). */
export function checkCredentialsUri(uri: string, field: string): URL {
  return parseServiceUrl(uri, field);
}

/** The URI without query or user info, which may carry a token: safe to show in hops and errors. */
export function displayUri(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * GET the URI; 200 with {"Code":"Success","AccessKeyId","AccessKeySecret","SecurityToken","Expiration"} (Code optional).
 */
export async function credentialsFromUri(options: { url: URL; timeoutMs?: number }): Promise<Credentials> {
  const { url } = options;
  const shown = displayUri(url);
  const timeoutMs = options.timeoutMs ?? CREDENTIALS_URI_TIMEOUT_MS;
  let response: PlainAnswer;
  try {
    response = await plainRequest(url, { timeoutMs });
  } catch (error) {
    throw new UserError(
      `could not reach the credentials URI ${shown}: ${failureReason(error)}`,
      'check credentials_uri (or ALIBABA_CLOUD_CREDENTIALS_URI) and that the service is running',
    );
  }
  let answer: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) answer = parsed as Record<string, unknown>;
  } catch {
    answer = undefined;
  }
  if (response.status !== 200) {
    const said = typeof answer?.Message === 'string' ? `: ${answer.Message}` : '';
    throw new UserError(`the credentials URI ${shown} answered HTTP ${response.status}${said}`, 'check the URI and the service behind it');
  }
  const wrong = (problem: string) =>
    new UserError(`the credentials URI ${shown} ${problem}`, 'it must answer {"Code":"Success","AccessKeyId":…,"AccessKeySecret":…,"SecurityToken":…,"Expiration":…}');
  if (!answer) throw wrong('answered something that is not a JSON object');
  if (answer.Code !== undefined && answer.Code !== 'Success') throw wrong(`answered Code ${JSON.stringify(answer.Code)}`);
  return credentialsFromBody(answer, () => wrong('answered incomplete credentials'));
}
