import type { KubernetesStore } from '../store/KubernetesStore';
import type { KubernetesObject } from '../types';
import { refOf } from './refs';

export interface EventSource {
  /** `deployment-controller`, `replicaset-controller`, `kubelet`, `default-scheduler`… */
  component: string;
  /** The node, for kubelet events. */
  host?: string;
}

export interface EventInput {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `spec.containers{web}` for events about one container. */
  fieldPath?: string;
}

/**
 * Writes core/v1 Events as client-go's recorder does: one Event per object,
 * reason, message and source, whose `count` and `lastTimestamp` grow when the
 * same thing happens again.
 */
export class EventRecorder {
  private readonly names = new Map<string, string>();
  private sequence = 0;

  constructor(
    private readonly store: KubernetesStore,
    private readonly now: () => Date,
  ) {}

  record(involved: KubernetesObject, source: EventSource, event: EventInput) {
    const metadata = involved.metadata ?? {};
    const namespace = metadata.namespace || 'default';
    const stamp = timestamp(this.now());
    const aggregate = [
      metadata.uid,
      event.fieldPath,
      event.reason,
      event.message,
      source.component,
      event.type,
    ].join('\u0000');
    try {
      const existingName = this.names.get(aggregate);
      const existing = existingName
        ? this.store.find(refOf('Event', namespace, existingName))
        : undefined;
      if (existing && existingName) {
        this.store.update(refOf('Event', namespace, existingName), {
          ...existing,
          count: Number(existing.count ?? 1) + 1,
          lastTimestamp: stamp,
        });
        return;
      }
      const name = `${metadata.name}.${this.uniqueSuffix()}`;
      this.store.create(refOf('Event', namespace), {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          kind: involved.kind,
          namespace: metadata.namespace,
          name: metadata.name,
          uid: metadata.uid,
          apiVersion: involved.apiVersion,
          resourceVersion: metadata.resourceVersion,
          ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
        },
        reason: event.reason,
        message: event.message,
        source: source.host
          ? { component: source.component, host: source.host }
          : { component: source.component },
        firstTimestamp: stamp,
        lastTimestamp: stamp,
        count: 1,
        type: event.type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      });
      // Bounded: forgetting an entry only means the next such event starts a new count.
      if (this.names.size >= 10_000) this.names.clear();
      this.names.set(aggregate, name);
    } catch {
      // Events are best effort, as on a real cluster: the namespace may be going away.
    }
  }

  /** `<unix nanoseconds in hex>`, as the recorder names events. */
  private uniqueSuffix(): string {
    const nanos =
      BigInt(this.now().getTime()) * 1_000_000n +
      BigInt(this.sequence++ % 1_000_000);
    return nanos.toString(16);
  }
}

/** RFC 3339 to the second, as Kubernetes writes timestamps. */
export function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
