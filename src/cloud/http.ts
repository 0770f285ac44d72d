import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A small HTTP answer: status and text body. */
export interface PlainAnswer {
  status: number;
  body: string;
}

/** Raised when a request gets no complete answer in time. */
export class RequestTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'RequestTimeout';
  }
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * One HTTP(S) request with a deadline over the whole exchange, for credential sources (metadata service, credentials
 * URIs). node:http rather than fetch, which refuses some ports an emulator may use. Redirects are not followed.
 */
export function plainRequest(
  url: URL,
  options: { method?: string; headers?: Record<string, string>; timeoutMs: number },
): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new Error('answer larger than 1 MiB'));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    const timer = setTimeout(() => req.destroy(new RequestTimeout(options.timeoutMs)), options.timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    req.on('error', fail);
    req.end();
  });
}

/** Network error codes in a few words. */
const TRANSPORT_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ECONNABORTED: 'connection aborted',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  EPROTO: 'the TLS handshake failed (is that a plain-http port? then use http://)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the TLS handshake failed (is that a plain-http port? then use http://)',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'the TLS handshake failed (is that a plain-http port? then use http://)',
  EPIPE: 'the connection closed while sending',
};

/** Why a connection failed, in a few words, when the error says so; undefined for anything else. */
export function transportReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  // Node's HTTP parser: whatever answered did not speak HTTP.
  if (code.startsWith('HPE_')) return 'what answered there does not speak HTTP';
  return TRANSPORT_REASONS[code] ?? (code.startsWith('ERR_SSL_') ? 'the TLS handshake failed' : undefined);
}

/** Why a request failed, in a few words (never the URL's query, which may hold a token). */
export function failureReason(error: unknown): string {
  if (error instanceof RequestTimeout) return error.message;
  return transportReason(error) ?? (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
