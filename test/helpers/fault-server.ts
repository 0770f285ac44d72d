import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What the fault server does with one request. */
export type Fault =
  /** 400 with an Alibaba Cloud error body (Code defaults to Throttling.User), plus x-acs-retry-after when given. */
  | { kind: 'throttle'; code?: string; retryAfterMs?: number }
  /** An error answer, e.g. 503 ServiceUnavailable, 500 InternalError, 400 SignatureDoesNotMatch, 403 NoPermission. */
  | { kind: 'status'; status: number; code: string }
  /** Destroys the socket without answering. */
  | { kind: 'reset' }
  /** Answers (success) only after `ms`, unless the client gives up first. */
  | { kind: 'stall'; ms: number };

export interface ArrivedRequest {
  /** performance.now() when the request arrived. */
  at: number;
  /** Its x-acs-action header. */
  action: string | undefined;
}

export interface FaultServer {
  /** host:port, as an SDK Config.endpoint wants it. */
  host: string;
  requests: ArrivedRequest[];
  close(): Promise<void>;
}

export const DEFAULT_SUCCESS_BODY = { RequestId: 'ok', Users: { User: [] }, IsTruncated: false };

/**
 * A loopback HTTP server answering like an Alibaba Cloud RPC endpoint, scripted per request: each request consumes
 * the next fault of `script`; once the script has run out, requests get `success`.
 */
export async function startFaultServer(script: Fault[], success: unknown = DEFAULT_SUCCESS_BODY): Promise<FaultServer> {
  const faults = [...script];
  const requests: ArrivedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ at: performance.now(), action: header(req, 'x-acs-action') });
    const fault = faults.shift();
    // Act once the whole request is read, so the client never sees a write error instead of the fault.
    req.resume().once('end', () => act(fault, req, res, success));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function act(fault: Fault | undefined, req: IncomingMessage, res: ServerResponse, success: unknown): void {
  switch (fault?.kind) {
    case undefined:
      return sendJson(res, 200, success);
    case 'throttle':
      if (fault.retryAfterMs !== undefined) res.setHeader('x-acs-retry-after', String(fault.retryAfterMs));
      return sendJson(res, 400, errorBody(fault.code ?? 'Throttling.User', 'Request was denied due to user flow control.'));
    case 'status':
      return sendJson(res, fault.status, errorBody(fault.code, `The fault server answered ${fault.code}.`));
    case 'reset':
      req.socket.destroy();
      return;
    case 'stall':
      return stall(fault.ms, res, success);
  }
}

function stall(ms: number, res: ServerResponse, success: unknown): void {
  const timer = setTimeout(() => sendJson(res, 200, success), ms);
  // The client gave up, or close() destroyed the socket.
  res.once('close', () => clearTimeout(timer));
}

function errorBody(code: string, message: string) {
  return {
    RequestId: `fault-${code}`,
    HostId: '127.0.0.1',
    Code: code,
    Message: message,
    Recommend: 'https://api.aliyun.com/troubleshoot',
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
