import { type KubernetesServer, startKubernetesServer } from '../index';
import { type Controllers, type SandboxNode, startControllers } from './index';
import { type Kubectl, kubectlFor } from '../../testUtils';

/** A general node and a GPU node, as the portal's sandbox clusters have them. */
const NODES: SandboxNode[] = [
  { name: 'sandbox-node-1' },
  {
    name: 'sandbox-gpu-node-1',
    labels: { 'nvidia.com/gpu.present': 'true' },
    taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
    capacity: { cpu: '48', memory: '192Gi', 'nvidia.com/gpu': '2' },
  },
];

const gpuPod = (name: string, gpus: number, placement: boolean) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:${
  placement
    ? `
  nodeSelector:
    nvidia.com/gpu.present: "true"
  tolerations:
    - key: nvidia.com/gpu
      operator: Exists
      effect: NoSchedule`
    : ''
}
  containers:
    - name: model
      image: example/model-server:1.0
      resources:
        limits:
          nvidia.com/gpu: "${gpus}"
`;

const plainPod = (name: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

// Each test runs kubectl several times and waits for pods between them.
jest.setTimeout(30_000);

/** `kubectl get nodes`, `describe` and the scheduler's refusals, as on a real cluster. */
describe('kubectl against sandbox nodes', () => {
  let server: KubernetesServer;
  let controllers: Controllers;
  let kubectl: Kubectl;

  beforeAll(async () => {
    server = await startKubernetesServer({ name: 'kubectl-nodes' });
    controllers = startControllers(server.store, {
      podReadyDelayMs: 30,
      nodes: NODES,
    });
    kubectl = await kubectlFor(server.url, { tmpPrefix: 'kubectl-nodes-' });
  });

  afterAll(async () => {
    await controllers?.stop();
    await server?.stop();
    await kubectl?.remove();
  });

  const run = async (args: string[], input?: string) => {
    const result = await kubectl(args, { input });
    if (result.code !== 0) {
      throw new Error(
        `kubectl ${args.join(' ')} exited with ${result.code}: ${
          result.stderr
        }`,
      );
    }
    return result.stdout;
  };

  it('lists the nodes, with their addresses and OS under -o wide', async () => {
    expect((await run(['get', 'nodes'])).trim().split('\n')).toEqual([
      expect.stringMatching(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/),
      expect.stringMatching(
        /^sandbox-gpu-node-1\s+Ready\s+<none>\s+\d+s\s+v1\.32\.0-sandbox$/,
      ),
      expect.stringMatching(
        /^sandbox-node-1\s+Ready\s+<none>\s+\d+s\s+v1\.32\.0-sandbox$/,
      ),
    ]);
    const wide = (await run(['get', 'nodes', '-o', 'wide'])).trim().split('\n');
    expect(wide[0]).toMatch(
      /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/,
    );
    expect(wide[2]).toMatch(
      /^sandbox-node-1\s+Ready\s+<none>\s+\d+s\s+v1\.32\.0-sandbox\s+172\.18\.0\.2\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+\S+\s+containerd:\/\/\S+$/,
    );
  });

  it("runs a pod that selects and tolerates the GPU node there, with that node's address", async () => {
    await run(['apply', '-f', '-'], gpuPod('inference', 1, true));
    await run([
      'wait',
      '--for=condition=Ready',
      'pod/inference',
      '--timeout=20s',
    ]);
    const wide = (await run(['get', 'pod', 'inference', '-o', 'wide']))
      .trim()
      .split('\n');
    expect(wide[1]).toMatch(
      /^inference\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+sandbox-gpu-node-1\s+<none>\s+<none>$/,
    );
    expect(
      await run(['get', 'pod', 'inference', '-o', 'jsonpath={.status.hostIP}']),
    ).toBe('172.18.0.3');

    const described = await run(['describe', 'node', 'sandbox-gpu-node-1']);
    expect(described).toMatch(/^Taints:\s+nvidia\.com\/gpu:NoSchedule$/m);
    expect(described).toMatch(
      /^Allocatable:\n(\s+.+\n)*\s+nvidia\.com\/gpu:\s+2\n/m,
    );
    expect(described).toMatch(/^\s+default\s+inference\s+/m);
    expect(described).toMatch(/^\s+nvidia\.com\/gpu\s+1\s+1$/m);
  });

  it('leaves a pod no node can take Pending, and kubectl describe shows why', async () => {
    await run(['apply', '-f', '-'], gpuPod('untolerated', 1, false));
    await run([
      'wait',
      '--for=condition=PodScheduled=false',
      'pod/untolerated',
      '--timeout=20s',
    ]);
    expect(
      await run([
        'get',
        'pod',
        'untolerated',
        '-o',
        'jsonpath={.status.phase}',
      ]),
    ).toBe('Pending');
    const described = await run(['describe', 'pod', 'untolerated']);
    expect(described).toMatch(/^Node:\s+<none>$/m);
    expect(described).toMatch(/^\s+PodScheduled\s+False\s*$/m);
    expect(described).toMatch(
      /^\s+Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0\/2 nodes are available: 1 Insufficient nvidia\.com\/gpu, 1 node\(s\) had untolerated taint \{nvidia\.com\/gpu: \}\. preemption: 0\/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling\.$/m,
    );
  });

  it('keeps new pods off a cordoned node, and schedules them once it is uncordoned', async () => {
    await run(['cordon', 'sandbox-node-1']);
    expect(
      await run(['get', 'node', 'sandbox-node-1', '--no-headers']),
    ).toMatch(/^sandbox-node-1\s+Ready,SchedulingDisabled\s/);
    await run(['apply', '-f', '-'], plainPod('waiting'));
    await run([
      'wait',
      '--for=condition=PodScheduled=false',
      'pod/waiting',
      '--timeout=20s',
    ]);
    expect(
      await run([
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=waiting,reason=FailedScheduling',
        '-o',
        'jsonpath={.items[*].message}',
      ]),
    ).toBe(
      '0/2 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );

    await run(['uncordon', 'sandbox-node-1']);
    await run([
      'wait',
      '--for=condition=Ready',
      'pod/waiting',
      '--timeout=20s',
    ]);
    expect(
      await run(['get', 'pod', 'waiting', '-o', 'jsonpath={.spec.nodeName}']),
    ).toBe('sandbox-node-1');
  });
});
