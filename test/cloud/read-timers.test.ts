import { subscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { STS } from '../../src/cloud/products.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadWorld } from '../../src/emulator/world.js';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ state: loadWorld(demoWorld()), port: 0 });
});
afterAll(async () => {
  await emulator.close();
});

/** Each answered call's read timer, as httpx keeps it on the socket (under a symbol it does not export). */
const readTimers: { destroyed: () => boolean }[] = [];
subscribe('http.client.response.finish', ({ response }: any) => {
  const socket = response.socket;
  const symbol = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'TIMER::READ_TIMER');
  const timer = symbol && socket[symbol];
  if (timer) readTimers.push({ destroyed: () => timer._destroyed === true });
});

describe('the SDK transport\'s read timers', () => {
  it('end with the answer they guard: 60 calls leave no 10 s timer (and no answer) behind', async () => {
    const clients = new CloudClients({
      credentials: { credentials: async () => ({ accessKeyId: DEMO_CREDENTIALS.accessKeyId, accessKeySecret: DEMO_CREDENTIALS.accessKeySecret }) },
      region: 'cn-hangzhou',
      endpoint: { host: emulator.url.replace(/^http:\/\//, ''), protocol: 'http' },
    });
    const sts = await clients.api(STS, 'cn-hangzhou');
    await sts.call('GetCallerIdentity', {});
    readTimers.length = 0;
    for (let i = 0; i < 6; i++) await Promise.all(Array.from({ length: 10 }, () => sts.call('GetCallerIdentity', {})));
    await new Promise((resolve) => setImmediate(resolve));
    expect(readTimers.length).toBe(60);
    // Each would otherwise run on, holding its request, response and body for the whole read timeout.
    expect(readTimers.filter((timer) => !timer.destroyed()).length).toBe(0);
  });
});
