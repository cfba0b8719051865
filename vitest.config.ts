import { defineConfig } from 'vitest/config';

// The global setup (DynamoDB Local's readiness check) runs in this process, where `test.env` does
// not apply: without this, the AWS SDK's nine-line Node-version notice opens every test run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // CDK synthesis and DynamoDB Local are CPU-heavy on a 2-core machine: one synthesis took 60-76 s
    // with the other worker busy (a hook of two timed out at 120 s). The limits only catch hangs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    env: {
      // Metrics are asserted through the metrics objects, not read from stdout.
      POWERTOOLS_METRICS_DISABLED: 'true',
      // Node 20 is supported until January 2027; the notice only clutters test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Handlers' WARN lines for the malformed events tests send are expected: tests print only
      // failures and the summary. Tests that read logs set their own level.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
  },
});
