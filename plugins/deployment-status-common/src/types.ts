/** How a workload's latest rollout stands. */
export type RolloutState = 'complete' | 'progressing' | 'failed';

/** A pod that is not ready or has restarted, with why, in words. */
export interface PodProblem {
  name: string;
  ready: boolean;
  restarts: number;
  /** e.g. `ImagePullBackOff`, `CrashLoopBackOff`. */
  reason?: string;
  message?: string;
}

/** One workload (a Deployment) of a service in one environment. */
export interface WorkloadStatus {
  kind: 'Deployment';
  name: string;
  /** The first container's image. */
  image?: string;
  /** `app.kubernetes.io/version` of the pod template. */
  version?: string;
  replicas: {
    desired: number;
    updated: number;
    ready: number;
    available: number;
  };
  rollout: {
    state: RolloutState;
    /** Why it is not complete, in words a developer can act on. */
    reason?: string;
  };
  /** The commit the running manifests come from, as the deployer stamped it. */
  commit?: string;
  /** When it was rolled out, ISO 8601, as the deployer stamped it. */
  deployedAt?: string;
  /** Pods that are not ready or have restarted. */
  pods: PodProblem[];
}

/** A recent warning event about one of the service's objects. */
export interface WarningEvent {
  /** `Pod/web-7f9c-abcde`. */
  object: string;
  reason: string;
  message: string;
  count: number;
  /** ISO 8601. */
  lastSeen: string;
}

/** What runs of a service in one environment. */
export interface EnvironmentStatus {
  name: string;
  title: string;
  cluster: string;
  namespace: string;
  workloads: WorkloadStatus[];
  events: WarningEvent[];
  /** Set when the environment's cluster could not be read; the others still answer. */
  error?: string;
}

/** `GET /api/deployment-status/entities/{kind}/{namespace}/{name}`. */
export interface EntityDeploymentStatus {
  entityRef: string;
  /** The `backstage.io/kubernetes-id` the workloads are found by. */
  kubernetesId: string;
  /** In promotion order. */
  environments: EnvironmentStatus[];
}
