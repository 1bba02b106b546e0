import type { PlatformConfig, PlatformTier } from '../config/types';

function tier(name: string, cpu: string, memory: string): PlatformTier {
  return {
    name,
    title: name,
    quota: {
      requests: { cpu, memory },
      limits: { cpu, memory },
      pods: 10,
      services: 5,
      persistentVolumeClaims: 2,
    },
    limits: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '256Mi' },
    },
    podSecurity: 'restricted',
  };
}

/** dev and staging (small, medium) and production (all three). */
export const platform: PlatformConfig = {
  environments: [
    {
      name: 'dev',
      title: 'dev',
      cluster: 'nonprod',
      namespace: '{service}-{environment}',
      tiers: ['small', 'medium'],
      approval: false,
    },
    {
      name: 'staging',
      title: 'staging',
      cluster: 'nonprod',
      namespace: '{service}-{environment}',
      tiers: ['small', 'medium'],
      approval: false,
    },
    {
      name: 'production',
      title: 'production',
      cluster: 'prod',
      namespace: '{service}-{environment}',
      tiers: ['small', 'medium', 'large'],
      approval: true,
    },
  ],
  tiers: [
    tier('small', '1', '1Gi'),
    tier('medium', '2', '4Gi'),
    tier('large', '4', '8Gi'),
  ],
  teamLimits: {
    default: { namespaces: 5, cpu: '6', memory: '16Gi' },
    teams: { 'group:default/data-team': { namespaces: 50 } },
  },
};
