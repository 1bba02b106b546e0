/** Taints and tolerations, as `v1.Toleration.ToleratesTaint` matches them. */

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** An empty effect tolerates every effect, an empty key with `Exists` every taint. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** The first taint with one of `effects` that no toleration tolerates. */
export function untoleratedTaint(
  taints: Taint[] | undefined,
  tolerations: Toleration[] | undefined,
  effects: string[],
): Taint | undefined {
  return (taints ?? []).find(
    taint =>
      effects.includes(taint.effect) &&
      !(tolerations ?? []).some(toleration =>
        toleratesTaint(toleration, taint),
      ),
  );
}

/** The taints that keep new pods off a node: the scheduler's filter and the DaemonSet controller's. */
export const DO_NOT_SCHEDULE = ['NoSchedule', 'NoExecute'];
