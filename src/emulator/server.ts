/**
 * The emulator's HTTP server. One port answers every product the way Alibaba Cloud does:
 * - `POST /` (or GET) OpenAPI calls, routed by action and version, signed with ACS3 or RPC v1;
 * - `/latest/…`, the ECS instance metadata service;
 * - the world's credentials URIs;
 * - `/_emulator/health` and `POST /_emulator/clock?advance=<seconds>`, test controls found only on the emulator.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorState } from './state.js';
import { ApiFault, errorBody, faults, newRequestId } from './api-error.js';
import { type OpenApiRequest, NonceLedger, authenticate, rpcParams, signingStyle } from './auth.js';
import { Throttle } from './throttle.js';
import { type RequestContext, principalArn } from './policy.js';
import { type Service, authorizer, route } from './services/index.js';
import { InstanceMetadata, type PlainResponse, isMetadataPath } from './services/imds.js';
import { credentialsUriResponse } from './services/credentials-uri.js';

export interface EmulatorOptions {
  state: EmulatorState;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Delay added to every OpenAPI response, to make benchmarks feel a real network. */
  latencyMs?: number;
}

export interface RunningEmulator {
  /** `http://<host>:<port>`, no trailing slash. */
  url: string;
  port: number;
  state: EmulatorState;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** The SDKs send every parameter in the query: an over-long RAM policy document must reach RAM's length check, not Node's bare 431. */
const MAX_HEADER_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { state } = options;
  const host = options.host ?? '127.0.0.1';
  const latencyMs = Math.max(0, options.latencyMs ?? 0);
  const nonces = new NonceLedger();
  const throttle = new Throttle();
  const metadata = new InstanceMetadata(state);

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, error instanceof BodyTooLarge ? 413 : 500, { ok: false, error: String(error) });
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headerRecord(req);
    const body = await readBody(req);
    if (url.pathname.startsWith('/_emulator/')) return control(res, method, url);
    if (isMetadataPath(url.pathname)) return sendPlain(res, metadata.handle(method, url.pathname, headers));
    const uri = credentialsUriResponse(state, method, url.pathname);
    if (uri) return sendPlain(res, uri);
    const request: OpenApiRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      form: isForm(headers['content-type']) ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : {},
      headers,
      body,
    };
    const answer = await openApi(request, sourceIpOf(req));
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  async function openApi(request: OpenApiRequest, sourceIp: string) {
    const requestId = newRequestId();
    let service: Service | undefined;
    try {
      if (request.path !== '/') throw faults.actionNotFound();
      const style = signingStyle(request);
      const params = rpcParams(request);
      // Route by what the signature covers: headers for ACS3, parameters for RPC v1.
      const action = style === 'acs3' ? request.headers['x-acs-action'] : style === 'rpc' ? params.Action : request.headers['x-acs-action'] ?? params.Action;
      const version = style === 'acs3' ? request.headers['x-acs-version'] : style === 'rpc' ? params.Version : request.headers['x-acs-version'] ?? params.Version;
      const found = route(action, version);
      service = found.service;
      const caller = found.anonymous ? undefined : authenticate(state, request, nonces);
      const now = state.now();
      throttle.admit(state.Quotas, caller ? principalArn(caller.principal) : sourceIp, service.code, action!, now.getTime());
      const context: RequestContext = { sourceIp, secureTransport: false, mfaPresent: caller?.mfaPresent ?? false, currentTime: now };
      const result = await found.handler({
        state,
        service,
        action: action!,
        params,
        caller,
        context,
        requestId,
        authorize: authorizer(state, service, caller, context),
      });
      return { status: 200, body: { RequestId: requestId, ...result }, headers: { 'x-acs-request-id': requestId } };
    } catch (error) {
      const fault = error instanceof ApiFault ? error : internalError(error);
      const hostId = service?.hostId ?? request.headers.host ?? 'localhost';
      const headers: Record<string, string> = { 'x-acs-request-id': requestId };
      if (fault.extra.retryAfterMs !== undefined) headers['x-acs-retry-after'] = String(fault.extra.retryAfterMs);
      return { status: fault.status, body: errorBody(fault, requestId, hostId, service?.product ?? 'OpenAPI'), headers };
    }
  }

  function control(res: ServerResponse, method: string, url: URL): void {
    if (url.pathname === '/_emulator/health' && method === 'GET') return sendJson(res, 200, { ok: true });
    if (url.pathname === '/_emulator/clock' && method === 'POST') {
      const advance = Number(url.searchParams.get('advance'));
      if (!url.searchParams.has('advance') || !Number.isFinite(advance)) {
        return sendJson(res, 400, { ok: false, error: 'advance=<seconds> is required and must be a number' });
      }
      state.clockOffsetMs += advance * 1000;
      return sendJson(res, 200, { ok: true, now: state.now().toISOString() });
    }
    sendJson(res, 404, { ok: false, error: `no emulator control ${method} ${url.pathname}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function internalError(error: unknown): ApiFault {
  const fault = faults.internalError();
  return new ApiFault(fault.code, fault.status, `${fault.message} (emulator: ${error instanceof Error ? error.message : String(error)})`);
}

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function sourceIpOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendPlain(res: ServerResponse, response: PlainResponse): void {
  res.writeHead(response.status, { 'content-type': response.contentType, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}
