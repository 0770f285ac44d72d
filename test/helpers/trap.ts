import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback endpoint that fails every request and counts them, to show bad input is refused before any call. */
export interface TrapServer {
  /** http://127.0.0.1:<port>, for --endpoint */
  url: string;
  /** How many requests reached it so far. */
  requests(): number;
  close(): Promise<void>;
}

export async function startTrapServer(): Promise<TrapServer> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback endpoint that accepts requests and never answers them: for timeouts and interruptions. */
export async function startSilentServer(): Promise<{ url: string; requested(): Promise<void>; requests(): number; close(): Promise<void> }> {
  let requests = 0;
  const server = createServer(() => void requests++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requested: () => new Promise<void>((resolve) => server.once('request', () => resolve())),
    /** How many requests reached it so far. */
    requests: () => requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
