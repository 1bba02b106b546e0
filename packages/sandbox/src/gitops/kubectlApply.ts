import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { Manifest } from './renderManifests';

const execFileAsync = promisify(execFile);

/** A cluster as kubectl reaches it. */
export interface ClusterAccess {
  name: string;
  url: string;
  token: string;
  /** PEM certificate of the cluster's CA, for an HTTPS URL. */
  caData?: string;
}

/** Writes a kubeconfig for one cluster; the token stays in the file, never on a command line. */
export async function writeKubeconfig(
  dir: string,
  cluster: ClusterAccess,
): Promise<string> {
  const path = join(dir, `${cluster.name}.kubeconfig`);
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster.name,
        cluster: {
          server: cluster.url,
          ...(cluster.caData && {
            'certificate-authority-data': Buffer.from(cluster.caData).toString(
              'base64',
            ),
          }),
        },
      },
    ],
    users: [{ name: 'gitops', user: { token: cluster.token } }],
    contexts: [
      {
        name: cluster.name,
        context: { cluster: cluster.name, user: 'gitops' },
      },
    ],
    'current-context': cluster.name,
  };
  await writeFile(path, stringify(kubeconfig), { mode: 0o600 });
  return path;
}

export type ApplyResult =
  | { outcome: 'applied'; output: string }
  | { outcome: 'namespace-missing'; namespace: string }
  | { outcome: 'failed'; message: string };

/**
 * `kubectl apply` of the manifests into `namespace`, as a GitOps agent
 * would run it, so the sandbox's server sees what a real cluster sees.
 */
export async function kubectlApply(options: {
  kubeconfig: string;
  namespace: string;
  manifests: Manifest[];
  workDir: string;
}): Promise<ApplyResult> {
  const file = join(options.workDir, `apply-${Date.now()}.yaml`);
  await writeFile(
    file,
    options.manifests.map(manifest => stringify(manifest)).join('---\n'),
  );
  try {
    const { stdout } = await execFileAsync(
      'kubectl',
      [
        '--kubeconfig',
        options.kubeconfig,
        'apply',
        '--namespace',
        options.namespace,
        '--filename',
        file,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    return { outcome: 'applied', output: stdout.trim() };
  } catch (error) {
    const stderr = ((error as { stderr?: string }).stderr ?? String(error))
      .trim()
      .replace(file, 'manifests');
    const missing = /namespaces "([^"]+)" not found/.exec(stderr);
    if (missing) {
      return { outcome: 'namespace-missing', namespace: missing[1] };
    }
    return { outcome: 'failed', message: stderr };
  }
}
