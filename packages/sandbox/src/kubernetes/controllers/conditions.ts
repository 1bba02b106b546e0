/** A status condition of any kind; which time fields it carries depends on the kind. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export function findCondition<T extends { type: string }>(
  conditions: T[] | undefined,
  type: string,
): T | undefined {
  return conditions?.find(c => c.type === type);
}

export function withoutCondition<T extends { type: string }>(
  conditions: T[] | undefined,
  type: string,
): T[] {
  return (conditions ?? []).filter(c => c.type !== type);
}

/**
 * SetDeploymentCondition/SetReplicaSetCondition: a condition with the same
 * status and reason is left alone; one with the same status keeps its
 * lastTransitionTime. The new one goes last.
 */
export function setCondition(
  conditions: Condition[] | undefined,
  condition: Condition,
): Condition[] {
  const current = findCondition(conditions, condition.type);
  if (
    current &&
    current.status === condition.status &&
    current.reason === condition.reason
  ) {
    return conditions ?? [];
  }
  const next = { ...condition };
  if (current && current.status === condition.status)
    next.lastTransitionTime = current.lastTransitionTime;
  return [...withoutCondition(conditions, condition.type), next];
}
