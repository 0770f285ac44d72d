/*
 * The arrows of the README's layout, checked by `npm test` (npm run deps): data flows profiles → credentials → cloud clients →
 * services → output/ui, and a wrong import fails the build with the name of the rule it breaks.
 */
const SDK = '(^|/)node_modules/@(alicloud|darabonba)/';
const INK = '(^|/)node_modules/(ink|react|ink-testing-library)/';
const NETWORK = '^(node:)?(http|https|http2|net|tls|dgram|dns)$';
const PRODUCT = '^(src|profiles|commands)/';

module.exports = {
  forbidden: [
    {
      name: 'core-is-the-kernel',
      comment: 'src/core is what every layer may import, so it imports nothing of ours.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(?!core/)|profiles/|commands/|bin/)' },
    },
    {
      name: 'services-know-no-cli',
      comment: 'profiles, credentials, cloud, ram, sts, scan and the emulator run under the shell and the dashboard too: no imports from src/cli, commands or a UI.',
      severity: 'error',
      from: { path: '^(profiles|src/(core|credentials|cloud|ram|sts|scan|emulator))/' },
      to: { path: '^(src/cli|src/ui|commands)/' },
    },
    {
      name: 'profiles-do-no-network-io',
      comment: 'profiles/ is the config.json model: no network, no credentials, no clients.',
      severity: 'error',
      from: { path: '^profiles/' },
      to: { path: [NETWORK, '^src/(cloud|credentials|sts|ram|scan)/'] },
    },
    {
      name: 'cloud-is-the-bottom-of-the-data-flow',
      comment: 'src/cloud talks to the SDKs for everyone above it; it knows nothing of sessions, profiles or services.',
      severity: 'error',
      from: { path: '^src/cloud/' },
      to: { path: '^(src/(credentials|sts|ram|scan)|profiles)/' },
    },
    {
      name: 'sts-calls-sit-below-credentials',
      comment: 'Role chains call STS, so the STS calls cannot depend on how credentials are resolved.',
      severity: 'error',
      from: { path: '^src/sts/' },
      to: { path: '^src/(credentials|ram|scan)/' },
    },
    {
      name: 'ram-services-use-clients-not-sessions',
      comment: 'RAM services take a client; choosing the identity is the caller\'s business.',
      severity: 'error',
      from: { path: '^src/ram/' },
      to: { path: '^(src/(credentials|sts|scan)|profiles)/' },
    },
    {
      name: 'sdk-only-in-cloud',
      comment: 'The @alicloud SDK packages are imported in src/cloud only.',
      severity: 'error',
      from: { path: PRODUCT, pathNot: '^src/cloud/' },
      to: { path: SDK },
    },
    {
      name: 'emulator-is-independent',
      comment: 'The emulator verifies what the real SDKs send: it imports nothing from the client side and no SDK.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: ['^(src/(?!emulator/|core/)|profiles/|commands/)', SDK] },
    },
    {
      name: 'clients-never-import-the-emulator',
      comment: 'Only commands start an emulator (aliaudit emulator, aliaudit demo).',
      severity: 'error',
      from: { path: '^(src/(?!emulator/)|profiles/)' },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'ink-only-in-the-ui',
      comment: 'Ink and React load for interactive views only; the scan engine and the services never import them.',
      severity: 'error',
      from: { path: PRODUCT, pathNot: '^src/ui/' },
      to: { path: INK },
    },
    {
      name: 'no-cycles',
      comment: 'A cycle means two layers that are really one. The command table is handed in by the composition root (src/cli/app.ts), so the parser, the shell and the commands form none either.',
      severity: 'error',
      from: { path: '^(profiles|commands|src/(core|credentials|cloud|ram|sts|scan|emulator|cli))/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist[^/]*|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
