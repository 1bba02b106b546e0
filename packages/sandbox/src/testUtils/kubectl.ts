import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How a kubectl command ended; `code` is its exit code. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The machine's kubectl, pointed at one sandbox server; never throws on a failed command. */
export interface Kubectl {
  (args: string[], options?: { input?: string }): Promise<KubectlResult>;
  /** Removes the kubeconfig and kubectl's cache. */
  remove(): Promise<void>;
}

/**
 * Writes a kubeconfig for `serverUrl` into a folder of its own (kubectl's
 * cache and HOME too, so nothing of the machine's own config is read), with
 * `token` as the user's bearer token when given. kubectl sends a token over
 * HTTPS only; `caCert` (the sandbox's PEM certificate) is the CA it trusts.
 */
export async function kubectlFor(
  serverUrl: string,
  options: { token?: string; caCert?: string; tmpPrefix?: string } = {},
): Promise<Kubectl> {
  const dir = await mkdtemp(join(tmpdir(), options.tmpPrefix ?? 'kubectl-'));
  const kubeconfig = join(dir, 'config');
  await writeFile(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'sandbox',
          cluster: {
            server: serverUrl,
            ...(options.caCert && {
              'certificate-authority-data': Buffer.from(
                options.caCert,
              ).toString('base64'),
            }),
          },
        },
      ],
      users: [
        {
          name: 'admin',
          user: options.token === undefined ? {} : { token: options.token },
        },
      ],
      contexts: [
        { name: 'admin', context: { cluster: 'sandbox', user: 'admin' } },
      ],
      'current-context': 'admin',
    }),
  );

  const kubectl = async (
    args: string[],
    { input }: { input?: string } = {},
  ): Promise<KubectlResult> => {
    const child = run(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
      { env: { ...process.env, HOME: dir } },
    );
    if (input !== undefined) {
      child.child.stdin!.end(input);
    }
    try {
      const { stdout, stderr } = await child;
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as KubectlResult;
      return {
        code: failed.code,
        stdout: failed.stdout,
        stderr: failed.stderr,
      };
    }
  };
  return Object.assign(kubectl, {
    remove: () => rm(dir, { recursive: true, force: true }),
  });
}
