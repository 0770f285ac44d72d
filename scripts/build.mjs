// Bundles the CLI into dist/ with esbuild. Dynamic imports become separate chunks, so a command loads only what it
// needs (the emulator, Ink, the RAM and ECS SDKs stay out of a one-liner's start-up), and one bundled file per
// chunk spares Node the resolution of hundreds of small modules on every run.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

/*
 * @darabonba/typescript, under every Alibaba SDK client, requires its WebSocket, proxy-agent, XML and date libraries
 * when it loads, though JSON OpenAPI calls never use them: about a third of a one-liner's start-up. Each is bundled
 * behind a proxy that requires the real module on first use, so the SDK code is unchanged and still complete.
 */
const LOADED_ON_FIRST_USE = ['ws', 'socks-proxy-agent', 'https-proxy-agent', 'http-proxy-agent', 'xml2js', 'moment'];
const loadOnFirstUse = {
  name: 'load-on-first-use',
  setup(build) {
    const filter = new RegExp(`^(${LOADED_ON_FIRST_USE.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'first-use' ? undefined : { path: args.path, namespace: 'first-use', pluginData: args.resolveDir },
    );
    build.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => ({
      resolveDir: args.pluginData,
      loader: 'js',
      contents: `
        let real;
        const load = () => (real ??= require(${JSON.stringify(args.path)}));
        module.exports = new Proxy(function () {}, {
          get: (_, key) => (key === '__esModule' ? undefined : load()[key]),
          has: (_, key) => key in load(),
          ownKeys: () => Reflect.ownKeys(load()),
          getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(load(), key),
          apply: (_, self, args) => load().apply(self, args),
          construct: (_, args) => new (load())(...args),
        });`,
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts', 'src/version.ts'],
  outdir: 'dist',
  outbase: '.',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // Optional peer of Ink, never installed.
  external: ['react-devtools-core'],
  // CommonJS dependencies (the SDKs) call require(); give each ESM chunk one.
  banner: { js: "import { createRequire as __aliauditRequire } from 'node:module'; const require = __aliauditRequire(import.meta.url);" },
  plugins: [loadOnFirstUse],
  logLevel: 'warning',
});
