import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { readPlatformConfig } from '@internal/plugin-platform-common';
import { loadPortalConfig } from '@internal/plugin-platform-common/testUtils';
import { resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../startSandbox';
import { kubeConfig, waitFor } from '../testUtils';
import { readSandboxOptions } from './readSandboxOptions';

const ROOT = resolve(__dirname, '../../../..');

/**
 * The portal's own app-config.yaml: on every sandbox cluster, a pod shaped
 * as each tier its environments allow (the tier's default requests and
 * limits, and for the gpu tier its GPUs, node selector and tolerations)
 * finds a node, the GPU ones on the GPU node and the others off it.
 */
describe("the portal's sandbox clusters", () => {
  let sandbox: Sandbox;

  afterAll(async () => {
    await sandbox?.stop();
  });

  it("run a pod of every tier each environment allows, the gpu tier's on a GPU node", async () => {
    const config = await loadPortalConfig();
    const options = readSandboxOptions(config, ROOT)!;
    const platform = readPlatformConfig(config);
    sandbox = await startSandbox({
      clusters: options.clusters!.map(({ name, nodes }) => ({
        name,
        nodes,
        tokens: [{ token: 'admin-token', user: 'admin' }],
      })),
      rollout: { podReadyDelayMs: 20 },
    });

    const placed: Array<{ cluster: string; pod: string; core: CoreV1Api }> = [];
    for (const environment of platform.environments) {
      const server = sandbox.clusters.get(environment.cluster)!;
      const core = kubeConfig(server.url, 'admin-token').makeApiClient(
        CoreV1Api,
      );
      const namespace = environment.name;
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      for (const tierName of environment.tiers) {
        const tier = platform.tiers.find(t => t.name === tierName)!;
        const gpus = tier.gpu
          ? { [tier.gpu.resource]: String(tier.gpu.perContainer) }
          : {};
        const pod: V1Pod = {
          metadata: { name: tier.name },
          spec: {
            nodeSelector: tier.gpu?.nodeSelector,
            tolerations: tier.gpu?.tolerations,
            containers: [
              {
                name: 'app',
                image: `example/${tier.name}:1.0`,
                resources: {
                  requests: { ...tier.limits.defaultRequest },
                  limits: { ...tier.limits.default, ...gpus },
                },
              },
            ],
          },
        };
        await core.createNamespacedPod({ namespace, body: pod });
        placed.push({
          cluster: environment.cluster,
          pod: `${namespace}/${tier.name}`,
          core,
        });
      }
    }
    expect(placed.filter(p => p.pod.endsWith('/gpu'))).not.toEqual([]);

    for (const { cluster, pod, core } of placed) {
      const [namespace, name] = pod.split('/');
      const running = await waitFor(
        async () => {
          const current = await core.readNamespacedPod({ namespace, name });
          return current.status?.phase === 'Running' && current;
        },
        5000,
        () => ({ cluster, pod }),
      );
      const node = await core.readNode({ name: running.spec!.nodeName! });
      const gpuNode =
        node.metadata!.labels!['nvidia.com/gpu.present'] === 'true';
      expect({ cluster, pod, gpuNode }).toEqual({
        cluster,
        pod,
        gpuNode: name === 'gpu',
      });
    }
  });
});
