/**
 * Credentials URIs (the aliyun CLI's CredentialsURI mode, ALIBABA_CLOUD_CREDENTIALS_URI): each world entry serves,
 * on GET, a fresh session of its role as `{"Code":"Success","AccessKeyId",…,"Expiration"}`.
 */
import type { EmulatorState } from '../state.js';
import { findRole, issueSession, sessionCredentials } from './sts.js';
import type { PlainResponse } from './imds.js';

const SESSION_SECONDS = 3600;

const json = (status: number, value: unknown): PlainResponse => ({ status, contentType: 'application/json', body: JSON.stringify(value) });

/** The answer for `path` when it is one of the world's credentials URIs, else undefined. */
export function credentialsUriResponse(state: EmulatorState, method: string, path: string): PlainResponse | undefined {
  const entry = state.CredentialsUris.find((uri) => uri.Path === path);
  if (!entry) return undefined;
  if (method !== 'GET') return json(405, { Code: 'MethodNotAllowed', Message: 'Credentials URIs answer GET only.' });
  const found = findRole(state, entry.AccountId, entry.RoleName);
  if (!found) return json(404, { Code: 'EntityNotExist.Role', Message: `The role ${entry.RoleName} of this credentials URI does not exist.` });
  const session = issueSession(state, {
    ...found,
    sessionName: 'credentials-uri',
    durationSeconds: Math.min(SESSION_SECONDS, found.role.MaxSessionDuration),
  });
  return json(200, { Code: 'Success', ...sessionCredentials(session) });
}
