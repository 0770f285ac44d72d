/**
 * The ECS instance metadata service (100.100.100.200) for the world's `Imds` machine: IMDSv2 session tokens,
 * the instance id, and the instance role's credentials. Tokenless reads work (IMDSv1, the real default) unless the
 * world's ECS instance of that id has MetadataOptions.HttpTokens "required" (security hardening mode only): then
 * they answer 401. A token that is unknown or expired answers 401.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorState, StsSession } from '../state.js';
import { formatApiDate } from '../api-error.js';
import { ecsOf } from './ecs/index.js';
import { findRole, issueSession, sessionCredentials } from './sts.js';

/** A response that is not an OpenAPI JSON envelope (metadata text, credentials documents). */
export interface PlainResponse {
  status: number;
  contentType: string;
  body: string;
}

export const TOKEN_TTL_HEADER = 'x-aliyun-ecs-metadata-token-ttl-seconds';
export const TOKEN_HEADER = 'x-aliyun-ecs-metadata-token';
const MAX_TOKEN_TTL_SECONDS = 21600;
/** Instance role credentials last six hours and are rotated when less than an hour remains, as on ECS. */
const INSTANCE_CREDENTIALS_SECONDS = 6 * 3600;
const ROTATE_BEFORE_MS = 3600 * 1000;
const CREDENTIALS_PATH = '/latest/meta-data/ram/security-credentials/';

const text = (status: number, body: string): PlainResponse => ({ status, contentType: 'text/plain', body });
const NOT_FOUND = text(404, 'Not Found');

export function isMetadataPath(path: string): boolean {
  return path === '/latest' || path.startsWith('/latest/');
}

/** Whether the world's ECS instance of this id (any account, any region) accepts only IMDSv2 reads; read per request, as the world may change. */
function tokensRequired(state: EmulatorState, instanceId: string): boolean {
  for (const account of state.Accounts.values()) {
    for (const region of Object.values(ecsOf(account))) {
      const instance = region.Instances.find((item) => item.InstanceId === instanceId);
      if (instance) return instance.MetadataOptions?.HttpTokens === 'required';
    }
  }
  return false;
}

export class InstanceMetadata {
  private readonly tokens = new Map<string, number>();
  private session?: { credentials: StsSession; issuedAt: Date };

  constructor(private readonly state: EmulatorState) {}

  handle(method: string, path: string, headers: Record<string, string | undefined>): PlainResponse {
    const machine = this.state.Imds;
    if (!machine) return NOT_FOUND;
    if (path === '/latest/api/token') return method === 'PUT' ? this.issueToken(headers[TOKEN_TTL_HEADER]) : text(405, 'Method Not Allowed');
    if (method !== 'GET') return text(405, 'Method Not Allowed');
    const token = headers[TOKEN_HEADER];
    if (token === undefined ? tokensRequired(this.state, machine.InstanceId) : !this.tokenValid(token)) return text(401, 'Unauthorized');

    if (path === '/latest/meta-data/instance-id') return text(200, machine.InstanceId);
    if (path === CREDENTIALS_PATH || path === CREDENTIALS_PATH.slice(0, -1)) return text(200, machine.RoleName);
    if (path.startsWith(CREDENTIALS_PATH)) {
      const roleName = decodeURIComponent(path.slice(CREDENTIALS_PATH.length));
      if (roleName !== machine.RoleName) return NOT_FOUND;
      return this.credentials(machine.AccountId, machine.RoleName, machine.InstanceId);
    }
    return NOT_FOUND;
  }

  private issueToken(ttlHeader: string | undefined): PlainResponse {
    const ttl = ttlHeader !== undefined && /^\d+$/.test(ttlHeader.trim()) ? Number(ttlHeader.trim()) : NaN;
    if (!(ttl >= 1 && ttl <= MAX_TOKEN_TTL_SECONDS)) return text(400, 'Bad Request');
    const token = randomBytes(42).toString('base64');
    this.tokens.set(token, this.state.now().getTime() + ttl * 1000);
    return text(200, token);
  }

  private tokenValid(token: string): boolean {
    const until = this.tokens.get(token);
    if (until === undefined) return false;
    if (until > this.state.now().getTime()) return true;
    this.tokens.delete(token);
    return false;
  }

  private credentials(accountId: string, roleName: string, instanceId: string): PlainResponse {
    const found = findRole(this.state, accountId, roleName);
    if (!found) return NOT_FOUND;
    const now = this.state.now();
    const current = this.session;
    if (!current || current.credentials.Expiration.getTime() - now.getTime() < ROTATE_BEFORE_MS) {
      const credentials = issueSession(this.state, {
        ...found,
        sessionName: instanceId,
        durationSeconds: INSTANCE_CREDENTIALS_SECONDS,
      });
      this.session = { credentials, issuedAt: now };
    }
    const { credentials, issuedAt } = this.session!;
    const body = { ...sessionCredentials(credentials), LastUpdated: formatApiDate(issuedAt), Code: 'Success' };
    return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
  }
}
