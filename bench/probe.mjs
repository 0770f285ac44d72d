// Loaded with `node --import` into a measured process: on exit it appends the peak RSS and every module URL the
// process resolved to the file named by ALIAUDIT_PROBE_OUT, so a benchmark or a test can see what a command loaded.
import { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';

const out = process.env.ALIAUDIT_PROBE_OUT;
if (out) {
  const urls = new Set();
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url) => urls.add(url));
  port1.unref();
  register('./probe-hooks.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
  const { createRequire } = await import('node:module');
  const Module = createRequire(import.meta.url)('module');
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    const result = load.apply(this, arguments);
    try {
      urls.add(Module._resolveFilename(request, parent, isMain));
    } catch {
      // built-ins and odd requests: nothing to record
    }
    return result;
  };
  process.on('exit', () => {
    const rssKb = process.resourceUsage().maxRSS;
    appendFileSync(out, `${JSON.stringify({ rssKb, modules: [...urls] })}\n`);
  });
}
