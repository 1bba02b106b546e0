import type {
  EnvironmentStatus,
  RolloutState,
} from '@internal/plugin-deployment-status-common';

/** One environment in one line: what the card shows. */
export interface EnvironmentSummary {
  versions: string[];
  /** The worst rollout state of its workloads. */
  state: RolloutState;
  ready: number;
  desired: number;
}

const severity: Record<RolloutState, number> = {
  complete: 0,
  progressing: 1,
  failed: 2,
};

/** Undefined when nothing of the service runs there. */
export function summarize(
  environment: EnvironmentStatus,
): EnvironmentSummary | undefined {
  const { workloads } = environment;
  if (workloads.length === 0) {
    return undefined;
  }
  const versions = [
    ...new Set(workloads.map(w => w.version).filter((v): v is string => !!v)),
  ];
  const state = workloads
    .map(w => w.rollout.state)
    .reduce((worst, s) => (severity[s] > severity[worst] ? s : worst));
  return {
    versions,
    state,
    ready: workloads.reduce((sum, w) => sum + w.replicas.ready, 0),
    desired: workloads.reduce((sum, w) => sum + w.replicas.desired, 0),
  };
}

/** Whether anything of the service runs, or could not be read, anywhere. */
export function hasAnything(environments: EnvironmentStatus[]): boolean {
  return environments.some(e => e.error || e.workloads.length > 0);
}
