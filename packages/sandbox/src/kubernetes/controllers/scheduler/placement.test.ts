import type { KubernetesObject } from '../../types';
import { placePod } from './placement';

const node = (
  name: string,
  {
    labels = {},
    taints = [],
    allocatable = {},
    unschedulable,
  }: {
    labels?: Record<string, string>;
    taints?: Array<{ key: string; value?: string; effect: string }>;
    allocatable?: Record<string, string>;
    unschedulable?: boolean;
  } = {},
): KubernetesObject => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: { taints, ...(unschedulable ? { unschedulable } : {}) },
  status: {
    allocatable: { cpu: '4', memory: '8Gi', pods: '110', ...allocatable },
  },
});

const pod = (
  spec: Record<string, unknown> = {},
  requests: Record<string, string> = {},
): KubernetesObject => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: [{ name: 'main', image: 'nginx', resources: { requests } }],
    ...spec,
  },
});

const boundTo = (
  nodeName: string,
  requests: Record<string, string> = {},
  phase = 'Running',
): KubernetesObject => ({
  ...pod({ nodeName }, requests),
  status: { phase },
});

const general = node('general');
const gpuNode = node('gpu', {
  labels: { 'nvidia.com/gpu.present': 'true' },
  taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
  allocatable: { 'nvidia.com/gpu': '1' },
});
const gpuSpec = {
  nodeSelector: { 'nvidia.com/gpu.present': 'true' },
  tolerations: [
    { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
  ],
};

describe('placePod', () => {
  it('puts a GPU pod that selects and tolerates the GPU node there, and other pods on the general node', () => {
    expect(
      placePod(pod(gpuSpec, { 'nvidia.com/gpu': '1' }), [general, gpuNode], []),
    ).toEqual({ node: 'gpu' });
    expect(placePod(pod(), [general, gpuNode], [])).toEqual({
      node: 'general',
    });
  });

  it("explains a pod that fits nowhere as kube-scheduler does, each node's first failing filter counted", () => {
    expect(
      placePod(pod({}, { 'nvidia.com/gpu': '1' }), [general, gpuNode], []),
    ).toEqual({
      message:
        '0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) had untolerated taint {nvidia.com/gpu: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    });
    expect(
      placePod(
        pod(gpuSpec, { 'nvidia.com/gpu': '1' }),
        [general, gpuNode],
        [boundTo('gpu', { 'nvidia.com/gpu': '1' })],
      ),
    ).toEqual({
      message:
        "0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    });
  });

  it('counts every resource a node lacks, and the pods already on it', () => {
    const small = node('small', {
      allocatable: { cpu: '1', memory: '1Gi', pods: '2' },
    });
    const result = placePod(
      pod({}, { cpu: '2', memory: '2Gi' }),
      [small],
      [boundTo('small'), boundTo('small')],
    );
    expect(result.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
    // Finished pods leave their room.
    expect(
      placePod(
        pod({}, { cpu: '500m' }),
        [small],
        [
          boundTo('small', { cpu: '800m' }, 'Succeeded'),
          boundTo('small', {}, 'Failed'),
        ],
      ),
    ).toEqual({ node: 'small' });
    expect(
      placePod(
        pod({}, { cpu: '500m' }),
        [small],
        [boundTo('small', { cpu: '800m' })],
      ).message,
    ).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
  });

  it('keeps pods off cordoned nodes unless they tolerate it, and says so first', () => {
    const cordoned = node('cordoned', {
      unschedulable: true,
      taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }],
    });
    expect(placePod(pod(), [cordoned], []).message).toBe(
      '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    const tolerating = pod({
      tolerations: [
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
      ],
    });
    expect(placePod(tolerating, [cordoned], []).message).toBe(
      '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    const tolerateAll = pod({ tolerations: [{ operator: 'Exists' }] });
    expect(placePod(tolerateAll, [cordoned], [])).toEqual({ node: 'cordoned' });
  });

  it('matches required node affinity expressions, ORing terms', () => {
    const zoned = (name: string, zone: string, cores: string) =>
      node(name, {
        labels: { 'topology.kubernetes.io/zone': zone, cores },
      });
    const nodes = [zoned('a', 'eu-1', '4'), zoned('b', 'eu-2', '16')];
    const affinity = (terms: unknown[]) =>
      pod({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: terms,
            },
          },
        },
      });
    const expr = (key: string, operator: string, values?: string[]) => ({
      matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
    });
    expect(
      placePod(
        affinity([expr('topology.kubernetes.io/zone', 'In', ['eu-2'])]),
        nodes,
        [],
      ),
    ).toEqual({ node: 'b' });
    expect(
      placePod(
        affinity([expr('topology.kubernetes.io/zone', 'NotIn', ['eu-2'])]),
        nodes,
        [],
      ),
    ).toEqual({ node: 'a' });
    expect(placePod(affinity([expr('cores', 'Gt', ['8'])]), nodes, [])).toEqual(
      {
        node: 'b',
      },
    );
    expect(
      placePod(
        affinity([expr('gpu', 'Exists'), expr('cores', 'Lt', ['8'])]),
        nodes,
        [],
      ),
    ).toEqual({ node: 'a' });
    expect(placePod(affinity([expr('gpu', 'Exists')]), nodes, []).message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  it('leaves out the nodes a pinned pod does not name, as the NodeAffinity PreFilter does', () => {
    const pinned = pod(
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchFields: [
                    {
                      key: 'metadata.name',
                      operator: 'In',
                      values: ['general'],
                    },
                  ],
                },
              ],
            },
          },
        },
      },
      { cpu: '8' },
    );
    expect(placePod(pinned, [general, gpuNode], []).message).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
  });

  it('prefers nodes without untolerated PreferNoSchedule taints, then preferred affinity, then the most room', () => {
    const soft = node('a-soft', {
      taints: [{ key: 'spot', effect: 'PreferNoSchedule' }],
    });
    const plain = node('b-plain');
    expect(placePod(pod(), [soft, plain], [])).toEqual({ node: 'b-plain' });

    const busy = node('a-busy');
    const idle = node('b-idle');
    expect(
      placePod(
        pod({}, { cpu: '1' }),
        [busy, idle],
        [boundTo('a-busy', { cpu: '2' })],
      ),
    ).toEqual({ node: 'b-idle' });
    const preferring = pod({
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 50,
              preference: {
                matchExpressions: [
                  {
                    key: 'kubernetes.io/hostname',
                    operator: 'In',
                    values: ['a-busy'],
                  },
                ],
              },
            },
          ],
        },
      },
    });
    expect(
      placePod(preferring, [busy, idle], [boundTo('a-busy', { cpu: '2' })]),
    ).toEqual({ node: 'a-busy' });
  });

  it('says when there are no nodes, and when the pod may not preempt', () => {
    expect(placePod(pod(), [], [])).toEqual({
      message: 'no nodes available to schedule pods',
    });
    expect(
      placePod(pod({ preemptionPolicy: 'Never' }, { cpu: '64' }), [general], [])
        .message,
    ).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
  });
});
