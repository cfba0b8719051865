import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import rules (.dependency-cruiser.cjs) must fail on the imports they forbid, not only pass on
 * today's tree: each case below is one file that breaks one rule, cruised with the project's own
 * configuration in a scratch copy of the layout.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** One violating file per rule: path → source. */
const VIOLATIONS: Record<
  string,
  { readonly file: string; readonly source: string; readonly partner?: { file: string; source: string } }
> = {
  'lambdas-never-import-lib': {
    file: 'lambdas/core/orders/uses-config.ts',
    source: "import { parseConfig } from '../../../lib/config';\nexport const x = parseConfig;\n",
  },
  'lib-imports-only-contracts': {
    file: 'lib/constructs/uses-domain.ts',
    source:
      "import { OrderService } from '../../lambdas/core/orders/service';\nexport const x = OrderService;\n",
  },
  'lib-is-cdk-only': {
    file: 'lib/uses-simulator.ts',
    source: "import { Simulator } from '../local/simulator';\nexport const x = Simulator;\n",
  },
  'core-imports-no-sdk': {
    file: 'lambdas/core/orders/uses-sdk.ts',
    source: "import { S3Client } from '@aws-sdk/client-s3';\nexport const x = S3Client;\n",
  },
  'core-imports-only-core-and-contracts': {
    file: 'lambdas/core/orders/uses-edge.ts',
    source: "import { logger } from '../../edge/powertools';\nexport const x = logger;\n",
  },
  'contracts-import-only-contracts': {
    file: 'lambdas/contracts/uses-core.ts',
    source: "import { OrderService } from '../core/orders/service';\nexport const x = OrderService;\n",
  },
  'adapters-never-import-functions': {
    file: 'lambdas/aws/uses-function.ts',
    source: "import { handler } from '../consent/index';\nexport const x = handler;\n",
  },
  'functions-are-independent': {
    file: 'lambdas/payment/uses-consent.ts',
    source: "import { createHandler } from '../consent/handler';\nexport const x = createHandler;\n",
  },
  'no-circular': {
    file: 'lambdas/core/orders/ping.ts',
    source: "import { pong } from './pong';\nexport const ping = () => pong;\n",
    partner: {
      file: 'lambdas/core/orders/pong.ts',
      source: "import { ping } from './ping';\nexport const pong = () => ping;\n",
    },
  },
  'caller-facing-without-x-ray-sdk': {
    file: 'lambdas/consent/index.ts',
    source: "import { tracer } from '../edge/tracer';\nexport const handler = tracer;\n",
  },
  'no-unresolvable': {
    file: 'lambdas/core/orders/typo.ts',
    source: "import { nothing } from './does-not-exist';\nexport const x = nothing;\n",
  },
};

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

let scratch: string;
let violations: Violation[] = [];

beforeAll(() => {
  // Prepare: a copy of the code layout plus one violating file per rule.
  scratch = mkdtempSync(join(tmpdir(), 'phone-robot-deps-'));
  for (const dir of ['lambdas', 'lib', 'local', 'data', 'contact-flows']) {
    cpSync(join(REPO, dir), join(scratch, dir), { recursive: true });
  }
  cpSync(join(REPO, 'tsconfig.json'), join(scratch, 'tsconfig.json'));
  symlinkSync(join(REPO, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  for (const { file, source, partner } of Object.values(VIOLATIONS)) {
    for (const planted of [{ file, source }, ...(partner ? [partner] : [])]) {
      mkdirSync(dirname(join(scratch, planted.file)), { recursive: true });
      writeFileSync(join(scratch, planted.file), planted.source);
    }
  }
  // Act: the same command `npm run deps:check` runs, with JSON output; it exits 1 on errors.
  let out: string;
  try {
    out = execFileSync(
      join(REPO, 'node_modules/.bin/depcruise'),
      ['lambdas', 'lib', '--config', join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'json'],
      { cwd: scratch, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  violations = (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('import rules', () => {
  it.each(Object.entries(VIOLATIONS))('rejects a file that breaks %s', (rule, { file }) => {
    expect(violations.filter((v) => v.from === file).map((v) => v.rule.name)).toContain(rule);
  });

  it('reports nothing but the planted files: the real tree follows every rule', () => {
    const planted = new Set(
      Object.values(VIOLATIONS).flatMap((v) => [v.file, ...(v.partner ? [v.partner.file] : [])]),
    );
    expect(violations.filter((v) => !planted.has(v.from))).toEqual([]);
  });
});
