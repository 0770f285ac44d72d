// Bundles the CLI into dist/ with esbuild. Dynamic imports become separate chunks, so a command loads only what it
// needs (the emulator, Ink, the RAM and ECS SDKs stay out of a one-liner's start-up), and one bundled file per
// chunk spares Node the resolution of hundreds of small modules on every run.
import { build } from 'esbuild';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/*
 * Libraries that do costly work when they load, though a one-liner never uses them: @darabonba/typescript (under
 * every Alibaba SDK client) requires its WebSocket, proxy-agent, XML and date libraries, and yargs's string-width
 * builds Intl.Segmenter and Unicode-property regexes for help text. Together about a third of a one-liner's start-up.
 * Each is bundled behind a stand-in that loads the real module on first use, so their code is unchanged and complete.
 */
const REQUIRED_ON_FIRST_USE = ['ws', 'socks-proxy-agent', 'https-proxy-agent', 'http-proxy-agent', 'xml2js', 'moment'];
const IMPORTED_ON_FIRST_CALL = ['string-width'];

// CommonJS callers (the SDK) require() these: a proxy stands in for module.exports.
const requiredStandIn = (path) => `
  let real;
  const load = () => (real ??= require(${JSON.stringify(path)}));
  module.exports = new Proxy(function () {}, {
    get: (_, key) => (key === '__esModule' ? undefined : load()[key]),
    has: (_, key) => key in load(),
    apply: (_, self, args) => load().apply(self, args),
    construct: (_, args) => new (load())(...args),
  });`;

// ES module callers import the default export, a function: a function stands in for it.
const importedStandIn = (path) => `
  let real;
  export default function onFirstCall(...args) {
    real ??= require(${JSON.stringify(path)});
    return real.default(...args);
  }`;

const loadOnFirstUse = {
  name: 'load-on-first-use',
  setup(build) {
    const names = [...REQUIRED_ON_FIRST_USE, ...IMPORTED_ON_FIRST_CALL];
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      args.namespace === 'first-use' ? undefined : { path: args.path, namespace: 'first-use', pluginData: args.resolveDir },
    );
    build.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => ({
      resolveDir: args.pluginData,
      loader: 'js',
      contents: IMPORTED_ON_FIRST_CALL.includes(args.path) ? importedStandIn(args.path) : requiredStandIn(args.path),
    }));
  },
};

/*
 * The SDK's transport (httpx) and the credentials SDK log request headers and response bodies (keys, STS tokens)
 * through `debug` when DEBUG=* is set. aliaudit never lets them: `debug` is bundled as a logger that is never on.
 */
const silenceDebug = {
  name: 'silence-debug',
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, () => ({ path: 'debug', namespace: 'silenced' }));
    build.onLoad({ filter: /.*/, namespace: 'silenced' }, () => ({
      loader: 'js',
      contents: `
        function createDebug() { const log = () => {}; log.enabled = false; log.log = () => {}; log.extend = createDebug; return log; }
        createDebug.enable = () => {}; createDebug.disable = () => ''; createDebug.enabled = () => false;
        module.exports = createDebug;`,
    }));
  },
};

// Built beside dist/ and swapped in whole, so a CLI started from dist/ meanwhile (another test run) never finds it half
// written.
const next = `dist.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });
const result = await build({
  // The output format worker is an entry of its own: a worker thread starts from a file.
  entryPoints: ['src/cli/app.ts', 'src/version.ts', 'src/scan/outputs/format-worker.ts'],
  outdir: next,
  outbase: '.',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  minify: true,
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // Optional peer of Ink, never installed.
  external: ['react-devtools-core'],
  // CommonJS dependencies (the SDKs) call require(); give each ESM chunk one.
  banner: { js: "import { createRequire as __aliauditRequire } from 'node:module'; const require = __aliauditRequire(import.meta.url);" },
  plugins: [loadOnFirstUse, silenceDebug],
  metafile: true,
  logLevel: 'warning',
});
// Which source modules went into which chunk: tests use it to check what a command loads.
writeFileSync(`${next}/meta.json`, JSON.stringify(result.metafile).replaceAll(`${next}/`, 'dist/'));
const old = `dist.old-${process.pid}`;
try {
  renameSync('dist', old);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(next, 'dist');
rmSync(old, { recursive: true, force: true });
