import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';

/** The signal channel open service pages listen on. */
export const DEPLOYMENT_STATUS_CHANNEL = 'deployment-status';

/**
 * Tells open pages that a service's status changed, once per burst of
 * changes: a rollout touches a Deployment, its ReplicaSets and every Pod
 * several times within a second. Pages then fetch the status from the
 * caches, so Kubernetes never hears of them.
 */
export class LiveUpdates {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
    private readonly debounceMs = 250,
  ) {}

  /** A change to an object labelled with this `backstage.io/kubernetes-id`. */
  changed(kubernetesId: string) {
    if (this.pending.has(kubernetesId)) return;
    this.pending.set(
      kubernetesId,
      setTimeout(() => {
        this.pending.delete(kubernetesId);
        this.signals
          .publish({
            recipients: { type: 'broadcast' },
            channel: DEPLOYMENT_STATUS_CHANNEL,
            message: { kubernetesId },
          })
          .catch(error =>
            this.logger.warn(`Could not signal a status change: ${error}`),
          );
      }, this.debounceMs),
    );
  }

  stop() {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
