/**
 * Import rules of phone-robot, checked by `npm run deps:check` (part of `npm test`).
 *
 * Layers point one way: contracts <- core <- aws / edge <- one folder per function. The CDK app
 * (lib/) sees only the contracts; deployed code (lambdas/) never sees the CDK app, the offline
 * runtime, the tools or the tests. See the README's design notes for why.
 */
const LAYERS = '^lambdas/(contracts|core|aws|edge)/';
const SDKS =
  '(^|/)node_modules/(@aws-sdk|@smithy|@aws-crypto|@aws-lambda-powertools|@middy|aws-xray-sdk-core|@types/aws-lambda)/';

module.exports = {
  forbidden: [
    {
      name: 'lambdas-never-import-lib',
      comment:
        'Deployed code (lambdas/) never imports the CDK app, the offline runtime, tools, CLIs, tests or benchmarks: move what both sides need into lambdas/contracts/.',
      severity: 'error',
      from: { path: '^lambdas/' },
      to: { path: '^(lib|local|tools|bin|test|bench)/' },
    },
    {
      name: 'lib-imports-only-contracts',
      comment:
        'The CDK app (lib/) imports only lambdas/contracts/ from the function code: names, schemas and specs both sides agree on, never domain or adapter code.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^lambdas/', pathNot: '^lambdas/contracts/' },
    },
    {
      name: 'lib-is-cdk-only',
      comment:
        'lib/ is the CDK app: it does not import the offline runtime, tools, CLIs, tests or benchmarks.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(local|tools|bin|test|bench)/' },
    },
    {
      name: 'core-imports-no-sdk',
      comment:
        'lambdas/core/ and lambdas/contracts/ are pure TypeScript over ports: no AWS SDK, Powertools, middy or Lambda types. Put the adapter in lambdas/aws/ or the protocol code in lambdas/edge/.',
      severity: 'error',
      from: { path: '^lambdas/(core|contracts)/' },
      to: { path: SDKS },
    },
    {
      name: 'core-imports-only-core-and-contracts',
      comment: 'The domain (lambdas/core/) depends only on itself and on lambdas/contracts/.',
      severity: 'error',
      from: { path: '^lambdas/core/' },
      to: { path: '^lambdas/', pathNot: '^lambdas/(core|contracts)/' },
    },
    {
      name: 'contracts-import-only-contracts',
      comment: 'lambdas/contracts/ is the bottom layer: it imports only other contracts (and data files).',
      severity: 'error',
      from: { path: '^lambdas/contracts/' },
      to: { path: '^lambdas/', pathNot: '^lambdas/contracts/' },
    },
    {
      name: 'adapters-never-import-functions',
      comment: 'lambdas/aws/ and lambdas/edge/ serve every function; they never import a function folder.',
      severity: 'error',
      from: { path: '^lambdas/(aws|edge)/' },
      to: { path: '^lambdas/', pathNot: LAYERS },
    },
    {
      name: 'functions-are-independent',
      comment:
        'A function folder imports the layers, never another function folder: move shared code into a layer.',
      severity: 'error',
      from: { path: '^lambdas/([^/]+)/', pathNot: LAYERS },
      to: { path: '^lambdas/', pathNot: ['^lambdas/$1/', LAYERS] },
    },
    {
      name: 'caller-facing-without-x-ray-sdk',
      comment:
        'A caller waits on consent, fulfillment, payment and recording control: their bundles never reach the X-Ray SDK (a quarter of their size and import time); use lambdas/edge/middleware.ts, not lambdas/edge/tracer.ts.',
      severity: 'error',
      from: { path: '^lambdas/(consent|fulfillment|payment|recording-control)/index\\.ts$' },
      to: {
        path: '(^lambdas/edge/tracer\\.ts$|node_modules/(aws-xray-sdk-core|@aws-lambda-powertools/tracer)/)',
        reachable: true,
      },
    },
    {
      name: 'caller-facing-without-entity-redactor',
      comment:
        'The caller-facing functions redact digits only (lambdas/core/pii); names, addresses and sensitive facts (lambdas/core/pii/full.ts, entities.ts and compromise) are for the pipeline, where their weight slows no caller down.',
      severity: 'error',
      from: { path: '^lambdas/(consent|fulfillment|payment|recording-control)/index\\.ts$' },
      to: { path: '(^lambdas/core/pii/(full|entities)\\.ts$|node_modules/compromise/)', reachable: true },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other cannot be understood, tested or bundled one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(cdk\\.out|\\.local-data|out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
