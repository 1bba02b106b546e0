import type { SandboxLogger } from '../../logger';
import type { KubernetesStore } from '../store/KubernetesStore';
import type { EventRecorder } from './EventRecorder';
import type { ResolvedRolloutOptions } from './options';
import type { WorkQueue } from './WorkQueue';

/** What every controller of one cluster shares. */
export interface ControllerContext {
  store: KubernetesStore;
  options: ResolvedRolloutOptions;
  events: EventRecorder;
  /** Keys `<Kind>/<namespace>/<name>` to reconcile. */
  queue: WorkQueue;
  /** Runs `fn` after `ms` unless the controllers stopped first. */
  after(ms: number, fn: () => void): { cancel(): void };
  now(): Date;
  /** `now()` as Kubernetes writes timestamps. */
  timestamp(): string;
  logger?: SandboxLogger;
}
