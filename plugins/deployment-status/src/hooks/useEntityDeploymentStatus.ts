import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import type { EntityDeploymentStatus } from '@internal/plugin-deployment-status-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deploymentStatusApiRef } from '../api/deploymentStatusApiRef';
import { kubernetesIdOf } from '../kubernetesId';

/** The signal channel the backend publishes on when a service's objects change. */
export const DEPLOYMENT_STATUS_CHANNEL = 'deployment-status';

/** What the backend publishes, debounced, on that channel. */
export type DeploymentStatusSignal = { kubernetesId: string };

/**
 * A signal reaches every open page of the service at the same moment; each
 * page refetches after a random delay up to this, so the backend answers
 * them one after another instead of all at once. Signals arriving meanwhile
 * are served by the same refetch.
 */
export const REFETCH_SPREAD_MS = 500;

export interface EntityDeploymentStatusState {
  /** The latest answer; kept while a refetch fails, so the page does not go blank. */
  status?: EntityDeploymentStatus;
  /** Set while the first answer or a refetch is on its way. */
  loading: boolean;
  error?: Error;
  /** Whether the page updates by itself; otherwise only `refresh` does. */
  live: boolean;
  refresh: () => void;
}

/**
 * An entity's deployment status, fetched once and again whenever the
 * backend signals a change to the entity's workloads (after a random delay
 * up to REFETCH_SPREAD_MS). There is no polling: the backend watches the
 * clusters once for every viewer, and pushes.
 */
export function useEntityDeploymentStatus(
  entity: Entity,
): EntityDeploymentStatusState {
  const api = useApi(deploymentStatusApiRef);
  const entityRef = stringifyEntityRef(entity);
  const kubernetesId = kubernetesIdOf(entity);

  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getEntityStatus(entityRef),
    [api, entityRef],
  );

  // react-use drops the value when a refetch fails; keep the last good one
  // for this entity and show the error beside it.
  const lastGood = useRef<EntityDeploymentStatus>();
  if (value) {
    lastGood.current = value;
  }
  const status =
    lastGood.current?.entityRef === entityRef ? lastGood.current : undefined;

  const { lastSignal, isSignalsAvailable } = useSignal<DeploymentStatusSignal>(
    DEPLOYMENT_STATUS_CHANNEL,
  );
  // `retry` changes on every render; the timer calls the latest.
  const latestRetry = useRef(retry);
  latestRetry.current = retry;
  const refetch = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    // Each message is a new object, so a change after the refetch started
    // schedules another.
    if (lastSignal?.kubernetesId !== kubernetesId || refetch.current) {
      return;
    }
    refetch.current = setTimeout(() => {
      refetch.current = undefined;
      latestRetry.current();
    }, Math.random() * REFETCH_SPREAD_MS);
  }, [lastSignal, kubernetesId]);
  useEffect(
    () => () => {
      clearTimeout(refetch.current);
      refetch.current = undefined;
    },
    [kubernetesId],
  );

  return {
    status,
    loading,
    error,
    live: isSignalsAvailable,
    refresh: retry,
  };
}
