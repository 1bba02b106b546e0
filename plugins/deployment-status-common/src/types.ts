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

/** A GitHub deployment of the service to one environment. */
export interface GitHubDeployment {
  id: number;
  /** The commit deployed. */
  sha: string;
  /** The ref it was deployed from, e.g. `main`. */
  ref: string;
  /** ISO 8601. */
  createdAt: string;
  /** Who created it, a GitHub login. */
  creator?: string;
  /** The latest status: `success`, `failure`, `in_progress`, `queued`, ... or `pending` without one. */
  state: string;
  /** The latest status's description, or the deployment's. */
  description?: string;
  /** Where to read about it: the status's log URL, else the environment's deployments page. */
  url: string;
}

/** The environment as GitHub knows it: what was deployed, against the default branch. */
export interface EnvironmentGitHub {
  /** `<owner>/<repo>`, from the entity's `github.com/project-slug`. */
  repository: string;
  /** The repository's web page. */
  repositoryUrl?: string;
  defaultBranch?: string;
  /** The default branch's head commit. */
  headCommit?: string;
  /** The commit running there: the workloads' own, else the latest successful deployment's. */
  deployedCommit?: string;
  /** How many commits of the default branch are not deployed yet. */
  behindBy?: number;
  /** The latest deployments to the environment, newest first. */
  deployments: GitHubDeployment[];
  /** Set when GitHub could not be read; the Kubernetes part still answers. */
  error?: string;
}

/** An alert firing for the service in one environment, from Alertmanager. */
export interface FiringAlert {
  /** The `alertname` label. */
  name: string;
  /** The `severity` label, e.g. `page` or `ticket`. */
  severity?: string;
  /** The `summary` annotation. */
  summary?: string;
  /** ISO 8601. */
  startsAt: string;
  /** The rule's expression in Prometheus. */
  generatorUrl?: string;
  /** The `runbook_url` annotation. */
  runbookUrl?: string;
  /** The `dashboard_url` annotation. */
  dashboardUrl?: string;
}

/** The alerts of one environment, when an Alertmanager is configured. */
export interface EnvironmentAlerts {
  /** Firing, neither silenced nor inhibited; the most severe first. */
  firing: FiringAlert[];
  /** Set when Alertmanager could not be read; the rest still answers. */
  error?: string;
}

/** What runs of a service in one environment. */
export interface EnvironmentStatus {
  name: string;
  title: string;
  cluster: string;
  namespace: string;
  workloads: WorkloadStatus[];
  events: WarningEvent[];
  /** From GitHub, for an entity with a `github.com/project-slug`. */
  github?: EnvironmentGitHub;
  /** From the configured Alertmanager, by the `service` and `environment` labels. */
  alerts?: EnvironmentAlerts;
  /**
   * The service's Grafana dashboard for this environment, as
   * `platform:observability:wire` builds it; set when Grafana's URL is
   * configured and the entity has a `grafana/dashboard-selector` annotation.
   */
  dashboardUrl?: string;
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
