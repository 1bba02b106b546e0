import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  LABELS,
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_LABELS,
  PORTAL_NAME,
  type PlatformConfig,
} from '@internal/plugin-platform-common';
import {
  withRetries,
  type PlatformClusters,
} from '@internal/plugin-platform-node';

/** A preview namespace the reaper deleted, or failed to. */
export interface ReapedNamespace {
  cluster: string;
  namespace: string;
  expiresAt: string;
  entityRef?: string;
  /** Absent when the deletion was accepted. */
  error?: string;
}

/**
 * Deletes the expired preview namespaces on every cluster of the platform
 * config (the environments' and the previews'): those labelled
 * `app.kubernetes.io/managed-by` the portal whose expires-at annotation is
 * an RFC 3339 time before `now`. Nothing else is touched: a namespace
 * without the label (whatever its annotations) or with an expiry that is no
 * time is left alone, the latter with a warning. Each deletion is logged and
 * audited; one that fails does not stop the others. A cluster that cannot be
 * listed is skipped with a warning and tried again on the next run.
 *
 * The API server deletes a namespace in the background (it is Terminating
 * until everything in it is gone); a namespace still Terminating from an
 * earlier run is not deleted again.
 */
export async function reapExpiredPreviews(options: {
  clusters: PlatformClusters;
  platform: PlatformConfig;
  auditor: AuditorService;
  logger: LoggerService;
  now?: Date;
}): Promise<ReapedNamespace[]> {
  const { clusters, platform, auditor, logger } = options;
  const now = (options.now ?? new Date()).getTime();
  const names = [
    ...new Set([
      ...platform.environments.map(e => e.cluster),
      ...(platform.previews ? [platform.previews.cluster] : []),
    ]),
  ];
  const reaped: ReapedNamespace[] = [];
  for (const cluster of names) {
    let api: CoreV1Api;
    let namespaces;
    try {
      api = await clusters.apiClient(cluster, CoreV1Api);
      namespaces = await withRetries(() =>
        api.listNamespace({
          labelSelector: `${LABELS.managedBy}=${PORTAL_NAME}`,
        }),
      );
    } catch (error) {
      logger.warn(
        `Could not list the portal's namespaces on cluster ${cluster} to delete expired previews: ${error}`,
      );
      continue;
    }
    for (const item of namespaces.items) {
      const metadata = item.metadata ?? {};
      const namespace = metadata.name!;
      const expiresAt = metadata.annotations?.[NAMESPACE_ANNOTATIONS.expiresAt];
      // The label selector is the API server's; check it here too, since
      // deleting anything the portal does not manage must never happen.
      if (
        expiresAt === undefined ||
        metadata.labels?.[LABELS.managedBy] !== PORTAL_NAME
      ) {
        continue;
      }
      const expiry = Date.parse(expiresAt);
      if (Number.isNaN(expiry)) {
        logger.warn(
          `Namespace ${namespace} on cluster ${cluster} has ${NAMESPACE_ANNOTATIONS.expiresAt} '${expiresAt}', which is no RFC 3339 time: left alone`,
        );
        continue;
      }
      if (expiry > now || item.status?.phase === 'Terminating') continue;

      const entityRef = metadata.annotations?.[NAMESPACE_ANNOTATIONS.entityRef];
      const audit = await auditor.createEvent({
        eventId: 'preview-namespace-expire',
        severityLevel: 'high',
        meta: {
          cluster,
          namespace,
          expiresAt,
          entityRef: entityRef ?? null,
          service: metadata.labels?.[NAMESPACE_LABELS.service] ?? null,
        },
      });
      const result: ReapedNamespace = {
        cluster,
        namespace,
        expiresAt,
        ...(entityRef && { entityRef }),
      };
      try {
        await withRetries(() =>
          api.deleteNamespace({
            name: namespace,
            // Only the namespace that was listed, not one created since with the same name.
            body: { preconditions: { uid: metadata.uid } },
          }),
        );
        await audit.success();
        logger.info(
          `Deleted preview namespace ${namespace} on cluster ${cluster}${
            entityRef ? ` of ${entityRef}` : ''
          }: it expired at ${expiresAt}`,
        );
      } catch (error) {
        await audit.fail({ error: error as Error });
        logger.error(
          `Could not delete expired preview namespace ${namespace} on cluster ${cluster}: ${error}`,
        );
        result.error = String(error);
      }
      reaped.push(result);
    }
  }
  return reaped;
}
