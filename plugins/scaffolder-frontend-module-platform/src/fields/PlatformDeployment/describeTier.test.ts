import { describeGpu, describeQuota } from './describeTier';
import { config } from './fixtures';

const [small, medium, , gpu] = config.tiers;

describe('describeQuota', () => {
  it('says what a namespace and each container get', () => {
    expect(describeQuota(small)).toBe(
      'Namespace quota: 1 CPU / 1 GiB requested, 2 CPU / 2 GiB limit, 10 pods; each container 100m CPU / 128 MiB requested, 500m / 256 MiB limit',
    );
    expect(describeQuota(medium)).toBe(
      'Namespace quota: 2 CPU / 4 GiB requested, 4 CPU / 8 GiB limit, 10 pods; each container 250m CPU / 256 MiB requested, 1 / 512 MiB limit',
    );
  });

  it('adds volume storage when the tier caps it', () => {
    expect(describeQuota(gpu)).toContain('10 pods, 100 GiB of volumes;');
  });

  it('prints quantities as Kubernetes reads them', () => {
    const odd = {
      ...small,
      quota: {
        ...small.quota,
        requests: { cpu: '1.5', memory: '1024Mi' },
        limits: { cpu: '2000m', memory: '2G' },
        pods: 1,
      },
    };
    expect(describeQuota(odd)).toMatch(
      /^Namespace quota: 1500m CPU \/ 1 GiB requested, 2 CPU \/ 2 GB limit, 1 pod;/,
    );
  });
});

describe('describeGpu', () => {
  it('says how many GPUs a GPU tier gives', () => {
    expect(describeGpu(gpu)).toBe(
      'GPUs: 1 per container, 2 per namespace (nvidia.com/gpu)',
    );
    expect(describeGpu(small)).toBeUndefined();
  });
});
