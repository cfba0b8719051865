import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions, LAMBDAS_DIR } from '../../lib/constructs/function/bundling';
import { connectEncrypt, generateConnectKeyPair } from '../../local/payment';

/**
 * The aliases of the function bundles (lib/constructs/function/bundling.ts) swap packages for
 * what Lambda provides: these tests build entries with the deployed bundling options and run
 * them, so a swap that breaks the code fails here, not in production.
 */
const dir = mkdtempSync(join(tmpdir(), 'phone-robot-bundle-test-'));

async function bundled<T>(name: string, source: string): Promise<T> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  const out = join(dir, `${name}.mjs`);
  await build({ ...bundleOptions(entry, out), nodePaths: [join(LAMBDAS_DIR, '..', 'node_modules')] });
  return (await import(pathToFileURL(out).href)) as T;
}

describe('function bundles', () => {
  it("decrypt Connect's encrypted input with Node's stream in place of readable-stream", async () => {
    // Prepare: the payment function's decryptor, bundled as deployed.
    const { ConnectInputDecryptor, StaticPrivateKeys } = await bundled<
      typeof import('../../lambdas/aws/connect-input-decryptor')
    >(
      'decryptor',
      `export * from ${JSON.stringify(join(LAMBDAS_DIR, 'aws', 'connect-input-decryptor.ts'))};`,
    );
    const key = generateConnectKeyPair('6f1c0d1e-0000-4000-8000-0000000b0d1e');
    const ciphertext = await connectEncrypt('4111111111111111', key);
    // Act
    const plaintext = await new ConnectInputDecryptor(
      new StaticPrivateKeys([{ keyId: key.keyId, privateKeyPem: key.privateKeyPem }]),
    ).decrypt(ciphertext);
    // Assess
    expect(plaintext).toBe('4111111111111111');
  });

  it('sign SDK requests with the credentials Lambda puts in the environment', async () => {
    // Prepare: a local server standing in for DynamoDB records the request's credential.
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDFROMLAMBDAENV',
      AWS_SECRET_ACCESS_KEY: 'from-the-environment',
      AWS_SESSION_TOKEN: 'session-token',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    try {
      const { get } = await bundled<{ get: (endpoint: string) => Promise<unknown> }>(
        'credentials',
        `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
         export const get = (endpoint: string) =>
           new DynamoDBClient({ endpoint }).send(new GetItemCommand({ TableName: 'x', Key: { k: { S: 'a' } } }));`,
      );
      // Act
      await get(endpoint);
      // Assess
      expect(seen).toEqual([expect.stringContaining('Credential=AKIDFROMLAMBDAENV/')]);
    } finally {
      process.env = saved;
      server.close();
    }
  });
});
