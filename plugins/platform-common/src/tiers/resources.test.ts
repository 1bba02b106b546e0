import type { PlatformTier } from '../config/types';
import { platform } from '../validation/fixtures';
import {
  containerResources,
  limitRangeLimits,
  resourceQuotaHard,
} from './resources';

const gpuTier: PlatformTier = {
  ...platform.tiers[0],
  name: 'gpu',
  quota: { ...platform.tiers[0].quota, storage: '100Gi' },
  limits: { ...platform.tiers[0].limits, max: { cpu: '1', memory: '1Gi' } },
  gpu: {
    resource: 'nvidia.com/gpu',
    perContainer: 1,
    quota: 2,
    nodeSelector: {},
    tolerations: [],
  },
};

describe('tier resources', () => {
  it('gives the ResourceQuota hard limits under their Kubernetes names', () => {
    expect(resourceQuotaHard(platform.tiers[1])).toEqual({
      'requests.cpu': '2',
      'requests.memory': '4Gi',
      'limits.cpu': '2',
      'limits.memory': '4Gi',
      pods: '10',
      services: '5',
      persistentvolumeclaims: '2',
    });
    expect(resourceQuotaHard(gpuTier)).toMatchObject({
      'requests.storage': '100Gi',
      'requests.nvidia.com/gpu': '2',
    });
  });

  it('gives the LimitRange for containers', () => {
    expect(limitRangeLimits(gpuTier)).toEqual([
      {
        type: 'Container',
        defaultRequest: { cpu: '100m', memory: '128Mi' },
        default: { cpu: '500m', memory: '256Mi' },
        max: { cpu: '1', memory: '1Gi' },
      },
    ]);
  });

  it("gives a container the tier's defaults and its GPUs", () => {
    expect(containerResources(platform.tiers[0])).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(containerResources(gpuTier)).toEqual({
      requests: { cpu: '100m', memory: '128Mi', 'nvidia.com/gpu': '1' },
      limits: { cpu: '500m', memory: '256Mi', 'nvidia.com/gpu': '1' },
    });
  });
});
