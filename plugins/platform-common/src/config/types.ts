/** CPU and memory, as Kubernetes quantities (`500m`, `256Mi`). */
export interface CpuMemory {
  cpu: string;
  memory: string;
}

/** A namespace's ResourceQuota, as configured for a tier. */
export interface TierQuota {
  requests: CpuMemory;
  limits: CpuMemory;
  pods: number;
  services: number;
  persistentVolumeClaims: number;
  storage?: string;
}

/** A namespace's LimitRange for containers, as configured for a tier. */
export interface TierLimits {
  defaultRequest: CpuMemory;
  default: CpuMemory;
  max?: CpuMemory;
}

/** A taint that GPU pods tolerate. */
export interface Toleration {
  key: string;
  operator: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Accelerators of an inference tier. */
export interface TierGpu {
  /** The extended resource name, e.g. `nvidia.com/gpu`. */
  resource: string;
  perContainer: number;
  quota: number;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
}

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** A resource tier: what a service's namespace and containers get. */
export interface PlatformTier {
  name: string;
  title: string;
  description?: string;
  quota: TierQuota;
  limits: TierLimits;
  gpu?: TierGpu;
  podSecurity: PodSecurityLevel;
}

/** Where services run. */
export interface PlatformEnvironment {
  name: string;
  title: string;
  /** A cluster of `kubernetes.clusterLocatorMethods`. */
  cluster: string;
  /** Namespace naming rule, with `{service}` and `{environment}` placeholders. */
  namespace: string;
  /** Tier names allowed here, in the order the config lists them. */
  tiers: string[];
  approval: boolean;
  /**
   * True for a preview environment (`preview-<suffix>`, from
   * `platform.previews`), never for one of `platform.environments`.
   */
  preview?: boolean;
}

/** Caps of one team over all its namespaces. */
export interface TeamCaps {
  /** Most namespaces; uncapped when absent. */
  namespaces?: number;
  /** Sum of the quotas' `requests.cpu`; uncapped when absent. */
  cpu?: string;
  /** Sum of the quotas' `requests.memory`; uncapped when absent. */
  memory?: string;
}

export interface TeamLimits {
  default: TeamCaps;
  /** Caps by group entity ref (lower case). */
  teams: Record<string, TeamCaps>;
}

/**
 * Ephemeral preview environments: a namespace `<service>-preview-<suffix>`
 * on one cluster, deleted by the preview reaper once its time-to-live ends.
 */
export interface PlatformPreviews {
  /** A cluster of `kubernetes.clusterLocatorMethods`. */
  cluster: string;
  /** The tier every preview namespace gets. */
  tier: string;
  /** The time-to-live when a request names none. */
  defaultTtlHours: number;
  /** The longest time-to-live a request may ask for. */
  maxTtlHours: number;
  /** How often the preview reaper runs. */
  reapIntervalMinutes: number;
}

/** The `platform` config, read and checked by `readPlatformConfig`. */
export interface PlatformConfig {
  /** In promotion order. */
  environments: PlatformEnvironment[];
  tiers: PlatformTier[];
  teamLimits: TeamLimits;
  /** Absent when previews are not configured: then none can be requested. */
  previews?: PlatformPreviews;
}
