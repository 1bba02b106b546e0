import type { EnvironmentStatus } from '@internal/plugin-deployment-status-common';

/**
 * The rows of the matrix: every workload name of any environment, in the
 * order they first appear along the promotion order, so a workload that
 * exists only in dev still gets its row.
 */
export function workloadNames(environments: EnvironmentStatus[]): string[] {
  return [...new Set(environments.flatMap(e => e.workloads.map(w => w.name)))];
}
