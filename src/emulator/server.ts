/**
 * The emulator's HTTP server. One port answers every product the way Alibaba Cloud does:
 * - `POST /` (or GET) RPC calls, routed by action and version, signed with ACS3 or RPC v1;
 * - ROA calls (ACK: `GET /api/v1/clusters`), routed by version, method and path, signed with ACS3;
 * - `/latest/…`, the ECS instance metadata service;
 * - the world's credentials URIs;
 * - `/_emulator/health` and `POST /_emulator/clock?advance=<seconds>`, test controls found only on the emulator.
 *
 * OpenAPI calls (only they) may be delayed and faulted as faults.ts draws: a fault is decided before the call is
 * routed, so a faulted call has no effect; a stalled one holds its socket until the client gives up or close().
 *
 * Whatever arrives, the answer is the API's own error JSON (api-error.ts) with a 4xx status for a request that is
 * malformed (bad percent-encoding, dot segments, a body or header over the limit, bytes that are not HTTP), and
 * InternalError 500 only for a fault of the emulator's own: no raw exception text, no crash.
 */
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EmulatorState } from './state.js';
import { ApiFault, errorBody, faults, newRequestId } from './api-error.js';
import { type OpenApiRequest, NonceLedger, authenticate, rpcParams, signingStyle } from './auth.js';
import { Throttle } from './throttle.js';
import { type RequestContext, principalArn } from './policy.js';
import { type Service, authorizer, route, routeRoa } from './services/index.js';
import { InstanceMetadata, type PlainResponse, isMetadataPath } from './services/imds.js';
import { credentialsUriResponse } from './services/credentials-uri.js';
import { Chaos, faultAnswer, type Draw } from './faults.js';
import { inventoryOf } from './inventory.js';
import { realTimer, type Timer } from '../core/timer.js';

export interface EmulatorOptions {
  state: EmulatorState;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Delay added to every OpenAPI response, to make benchmarks feel a real network. */
  latencyMs?: number;
  /** The delay varies uniformly within ± this many milliseconds (never below 0 in all), drawn as faultSeed says. */
  latencyJitterMs?: number;
  /** Share (0..1) of OpenAPI requests that get an injected fault instead of their answer (see faults.ts). */
  faultRate?: number;
  /** Seeds the fault draws and the latency jitter; same seed, same faults on the same requests. */
  faultSeed?: number;
  /** What the latency waits on: a fake one in tests, which then see the delays without timing them. */
  timer?: Pick<Timer, 'sleep'>;
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

/** Over MAX_BODY_BYTES: answered 413 with Connection: close, so Node closes the socket once the answer is out and the rest of the body is never read. */
class BodyTooLarge extends ApiFault {
  constructor() {
    const fault = faults.bodyTooLarge(MAX_BODY_BYTES);
    super(fault.code, fault.status, fault.message);
  }
}

/** One call moves the emulated clock at most a century, so the clock stays a valid Date. */
const MAX_CLOCK_ADVANCE_SECONDS = 100 * 365 * 24 * 3600;
const CLOCK_ADVANCE_ACCEPTED = `advance takes a finite, non-negative number of seconds as decimal text (e.g. 90 or 1.5), at most ${MAX_CLOCK_ADVANCE_SECONDS}, given once.`;
const CONTROLS = 'The emulator controls are GET /_emulator/health, GET /_emulator/stats and POST /_emulator/clock?advance=SECONDS.';
/** The latest time a Date holds (ECMAScript's ±8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { state } = options;
  const host = options.host ?? '127.0.0.1';
  const chaos = new Chaos({ faultRate: options.faultRate, seed: options.faultSeed, latencyMs: options.latencyMs, jitterMs: options.latencyJitterMs });
  /** Answers being held back (latency) or never given (stalls): close() ends them, so no timer or socket outlives it. */
  const closing = new AbortController();
  // Every answer held back waits on this one signal: thousands may at once.
  setMaxListeners(0, closing.signal);
  const timer = options.timer ?? realTimer;
  const stalled = new Set<ServerResponse>();
  const nonces = new NonceLedger();
  const throttle = new Throttle();
  const metadata = new InstanceMetadata(state);
  /** Per `<product>:<Action>`, how each call was answered: what a benchmark reads back through /_emulator/stats. */
  const ledger = new Map<string, { answered: number; throttled: number; refused: number; faulted: number }>();
  const count = (api: string, outcome: 'answered' | 'throttled' | 'refused' | 'faulted') => {
    let entry = ledger.get(api);
    if (!entry) ledger.set(api, (entry = { answered: 0, throttled: 0, refused: 0, faulted: 0 }));
    entry[outcome]++;
  };

  /** Filled in once listening: the HostId of answers to requests without a Host header. */
  let ownHost = host;

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    serve(req, res).catch((error: unknown) => {
      // serve() answers its own faults; this is only for a failure while answering, and must not throw itself.
      try {
        if (!res.headersSent) return sendFault(res, internalError(error), req.headers.host ?? ownHost);
      } catch {
        // fall through: nothing more can be said on this connection
      }
      res.destroy();
    });
  });
  // Bytes Node's parser refuses (a bad request line, headers over the limit) get the API's error shape too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => refuseUnparsable(error, socket, ownHost));

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostId = req.headers.host ?? ownHost;
    try {
      const target = parseTarget(req.url ?? '/');
      const method = (req.method ?? 'GET').toUpperCase();
      const headers = headerRecord(req);
      const body = await readBody(req);
      const path = target.url.pathname;
      if (path.startsWith('/_emulator/')) return control(res, method, target.url, hostId);
      if (isMetadataPath(path)) return sendPlain(res, metadata.handle(method, path, headers));
      const uri = credentialsUriResponse(state, method, path);
      if (uri) return sendPlain(res, uri);
      const request: OpenApiRequest = {
        method,
        path,
        query: target.query,
        form: isForm(headers['content-type']) ? parseParams(body.toString('utf8'), 'in the form body') : {},
        headers,
        body,
      };
      // Drawn before the call runs: a faulted call must not have taken effect.
      const draw = chaos.active ? drawFor(request) : undefined;
      if (draw?.fault === 'stall') {
        count(apiName(request), 'faulted');
        return stall(res);
      }
      if (draw?.fault) {
        count(apiName(request), 'faulted');
        await delay(draw.delayMs);
        if (draw.fault === 'reset') return void req.socket.resetAndDestroy();
        return sendJson(res, ...injectedFault(draw.fault, request));
      }
      const answer = await openApi(request, sourceIpOf(req));
      await delay(draw?.delayMs ?? 0);
      sendJson(res, answer.status, answer.body, answer.headers);
    } catch (error) {
      // Headers already out, or the client gone mid-body: there is no one to answer.
      if (res.headersSent || req.socket.destroyed) {
        res.destroy();
        return;
      }
      // The rest of an oversized body stays unread: the connection closes after the answer rather than drain it.
      if (error instanceof BodyTooLarge) return sendFault(res, error, hostId, { connection: 'close' });
      sendFault(res, error instanceof ApiFault ? error : internalError(error), hostId);
    }
  }

  /** `<product>:<Action>` of a request, as far as it can be told (`?:<Action>` for a product not known). */
  function apiName(request: OpenApiRequest): string {
    try {
      const { action, version } = actionOf(request);
      return `${request.path === '/' ? route(action, version).service.code : '?'}:${action}`;
    } catch {
      return '?:?';
    }
  }

  function drawFor(request: OpenApiRequest): Draw {
    const { action, version, params } = actionOf(request);
    return chaos.draw(action, version, params);
  }

  /** The fault answer of an injected 503 / 500, in the error shape of the product the call was for. */
  function injectedFault(kind: 'unavailable' | 'internal', request: OpenApiRequest): [number, Record<string, unknown>, Record<string, string>] {
    const requestId = newRequestId();
    const fault = faultAnswer(kind);
    let service: Service | undefined;
    try {
      const { action, version } = actionOf(request);
      service = request.path === '/' ? route(action, version).service : undefined;
    } catch {
      // not a call any product answers: the gateway's own shape
    }
    const hostId = service?.hostId ?? request.headers.host ?? 'localhost';
    return [fault.status, errorBody(fault, requestId, hostId, service?.product ?? 'OpenAPI'), { 'x-acs-request-id': requestId }];
  }

  /** Never answers: the socket stays open until the client gives up or the emulator closes. */
  function stall(res: ServerResponse): void {
    stalled.add(res);
    res.once('close', () => stalled.delete(res));
  }

  /** Waits `ms`, unless close() comes first (then rejects, and the caller's socket is already gone). */
  function delay(ms: number): Promise<void> {
    return ms <= 0 ? Promise.resolve() : timer.sleep(ms, closing.signal);
  }

  async function openApi(request: OpenApiRequest, sourceIp: string) {
    const requestId = newRequestId();
    let service: Service | undefined;
    try {
      const { version, params } = actionOf(request);
      // `/` is an RPC call's, routed by Action; any other path an ROA call's, routed by method and path.
      const found = request.path === '/' ? { ...route(actionOf(request).action, version), pathParams: undefined } : routeRoa(version, request.method, request.path);
      const action = 'action' in found ? found.action : actionOf(request).action;
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
        pathParams: found.pathParams,
      });
      count(`${service.code}:${action}`, 'answered');
      return { status: 200, body: service.roa ? result : { RequestId: requestId, ...result }, headers: { 'x-acs-request-id': requestId } };
    } catch (error) {
      const fault = error instanceof ApiFault ? error : internalError(error);
      if (service) count(`${service.code}:${actionOf(request).action}`, fault.code.startsWith('Throttling') ? 'throttled' : 'refused');
      const hostId = service?.hostId ?? request.headers.host ?? 'localhost';
      const headers: Record<string, string> = { 'x-acs-request-id': requestId };
      if (fault.extra.retryAfterMs !== undefined) headers['x-acs-retry-after'] = String(fault.extra.retryAfterMs);
      return { status: fault.status, body: errorBody(fault, requestId, hostId, service?.product ?? 'OpenAPI'), headers };
    }
  }

  /** The test controls; a refusal is thrown as an ApiFault, so it is answered in the API's error shape. */
  function control(res: ServerResponse, method: string, url: URL, hostId: string): void {
    const allowed = ({ '/_emulator/health': 'GET', '/_emulator/stats': 'GET', '/_emulator/clock': 'POST' } as Record<string, string>)[url.pathname];
    if (!allowed) throw faults.actionNotFound(`No emulator control ${method} ${url.pathname}. ${CONTROLS}`);
    if (method !== allowed) return sendFault(res, faults.unsupportedMethod(`${url.pathname} answers ${allowed} only.`), hostId, { allow: allowed });
    if (url.pathname === '/_emulator/health') return sendJson(res, 200, { ok: true });
    if (url.pathname === '/_emulator/stats') return sendJson(res, 200, { calls: Object.fromEntries(ledger), inventory: inventoryOf(state) });
    const advanceMs = clockAdvanceMs(url.searchParams.getAll('advance'));
    const next = state.now().getTime() + advanceMs;
    if (!(next <= MAX_DATE_MS)) throw faults.invalidParameter('advance', `The emulated clock would pass the latest date there is. ${CLOCK_ADVANCE_ACCEPTED}`);
    state.clockOffsetMs += advanceMs;
    sendJson(res, 200, { ok: true, now: state.now().toISOString() });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  ownHost = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `http://${ownHost}`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        for (const res of stalled) res.destroy();
        stalled.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Action and version as routing reads them: what the signature covers, headers for ACS3, parameters for RPC v1. */
function actionOf(request: OpenApiRequest): { action?: string; version?: string; params: Record<string, string> } {
  const style = signingStyle(request);
  const params = rpcParams(request);
  const action = style === 'acs3' ? request.headers['x-acs-action'] : style === 'rpc' ? params.Action : request.headers['x-acs-action'] ?? params.Action;
  const version = style === 'acs3' ? request.headers['x-acs-version'] : style === 'rpc' ? params.Version : request.headers['x-acs-version'] ?? params.Version;
  return { action, version, params };
}

/** Seconds to move the emulated clock, as milliseconds; throws the refusal for anything but one valid decimal. */
function clockAdvanceMs(values: string[]): number {
  if (values.length === 0) throw faults.missingParameter('advance', CLOCK_ADVANCE_ACCEPTED);
  if (values.length > 1) throw faults.invalidParameter('advance', `It was given ${values.length} times. ${CLOCK_ADVANCE_ACCEPTED}`);
  const text = values[0];
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_CLOCK_ADVANCE_SECONDS)) {
    throw faults.invalidParameter('advance', `${quoted(text)} is not accepted. ${CLOCK_ADVANCE_ACCEPTED}`);
  }
  return seconds * 1000;
}

interface Target {
  /** The target on a fixed origin: no Host header or `//` path can change what it names. */
  url: URL;
  query: Record<string, string>;
}

/**
 * The request target, checked before anything routes on it: a path (or an absolute URL, as proxies send) whose
 * percent-encoding decodes to UTF-8 and that has no `.` or `..` segment, and a query whose every name and value
 * decodes. URL and URLSearchParams never throw on bad escapes (they keep them, or put U+FFFD in): the checks here
 * are what turns them into InvalidParameter instead of a request that means something else.
 */
function parseTarget(raw: string): Target {
  const authority = /^https?:\/\/[^/?#]*/i.exec(raw);
  const originForm = authority ? `/${raw.slice(authority[0].length).replace(/^\//, '')}` : raw;
  if (!originForm.startsWith('/')) throw faults.invalidParameter('the request path', 'The request target must be a path starting with "/".');
  const relative = originForm.replace(/#.*$/s, '');
  const queryAt = relative.indexOf('?');
  const rawPath = queryAt < 0 ? relative : relative.slice(0, queryAt) || '/';
  const rawQuery = queryAt < 0 ? '' : relative.slice(queryAt + 1);
  const path = decoded(rawPath);
  if (path === undefined) {
    throw faults.invalidParameter('the request path', 'Its percent-encoding is malformed: "%" must start a %XX escape of UTF-8 bytes.');
  }
  if (path.split(/[/\\]/).some((segment) => segment === '.' || segment === '..')) {
    throw faults.invalidParameter('the request path', 'It must not contain "." or ".." segments.');
  }
  let url: URL;
  try {
    url = new URL(`http://emulator${rawPath}${rawQuery ? `?${rawQuery}` : ''}`);
  } catch {
    throw faults.invalidParameter('the request path', 'It is not a valid URL path.');
  }
  return { url, query: parseParams(rawQuery, 'in the query') };
}

/** `a=1&b=2` as URLSearchParams reads it (the last of a repeated name wins), refusing any name or value that does not decode. */
function parseParams(text: string, where: string): Record<string, string> {
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decoded(rawName.replace(/\+/g, ' '));
    if (name === undefined || (eq >= 0 && decoded(pair.slice(eq + 1).replace(/\+/g, ' ')) === undefined)) {
      throw faults.invalidParameter(
        name ?? rawName,
        `Its ${name === undefined ? 'name' : 'value'} ${where} is not well-formed percent-encoding: "%" must start a %XX escape of UTF-8 bytes.`,
      );
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A value for a message: JSON-quoted and cut short, so a hostile value cannot make the answer huge. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** The answer to bytes Node's HTTP parser refused, written on the socket itself, as no response object exists. */
function refuseUnparsable(error: NodeJS.ErrnoException, socket: Duplex, hostId: string): void {
  // Only on a connection with nothing written yet: a response in flight must not get another one spliced in.
  const written = (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0;
  if (error.code === 'ECONNRESET' || !socket.writable || written > 0) {
    socket.destroy();
    return;
  }
  const fault =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? faults.headerTooLarge(MAX_HEADER_BYTES)
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? faults.requestTimeout()
        : faults.malformedRequest();
  const requestId = newRequestId();
  const body = JSON.stringify(errorBody(fault, requestId, hostId, 'OpenAPI'));
  socket.end(
    `HTTP/1.1 ${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}\r\n` +
      'content-type: application/json;charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      `x-acs-request-id: ${requestId}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}

function sendFault(res: ServerResponse, fault: ApiFault, hostId: string, headers: Record<string, string> = {}): void {
  const requestId = newRequestId();
  sendJson(res, fault.status, errorBody(fault, requestId, hostId, 'OpenAPI'), { 'x-acs-request-id': requestId, ...headers });
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

/**
 * The whole body, up to MAX_BODY_BYTES. A declared Content-Length over it is refused before reading a byte; a longer
 * chunked body is refused as soon as it passes the limit, and reading stops there (the request is paused, never drained).
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BODY_BYTES) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (error) {
        req.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) settle(new BodyTooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => settle();
    // Closed before its end: the client went away mid-body; nothing will be answered to it.
    const onClose = () => settle(new Error('the client closed the connection before the end of the body'));
    req.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
  });
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
