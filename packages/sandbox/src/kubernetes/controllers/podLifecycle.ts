import type { IContainerStatus, IPod } from 'kubernetes-models/v1';
import type { Condition } from './conditions';
import { containerId, imageId, normalizeImage } from './images';

/** Where one simulated container is in its life. */
export type ContainerPhase =
  | 'creating'
  | 'running'
  | 'pullError'
  | 'pullBackOff'
  /** Exited with code 1 once, not yet restarted. */
  | 'crashed'
  | 'crashLoop';

export interface ContainerRun {
  name: string;
  image: string;
  outcome: 'ok' | 'failPull' | 'crash';
  phase: ContainerPhase;
  restartCount: number;
  startedAt?: string;
  lastTerminated?: { startedAt: string; finishedAt: string };
  /** Back-offs so far, to double the next one. */
  backOffs: number;
}

/** How the kubelet sees a pod's containers; a pod's status is built from it. */
export interface PodRun {
  uid: string;
  namespace: string;
  name: string;
  /** The node the pod runs on, and its InternalIP. */
  node: string;
  hostIP: string;
  containers: ContainerRun[];
  initContainers: string[];
  initialized: boolean;
  podIP: string;
  startTime: string;
  restartPolicy: string;
  timer?: { cancel(): void };
}

const podKey = (run: PodRun) => `${run.name}_${run.namespace}(${run.uid})`;

/** The nominal crash-loop back-off the message names: 10s doubling to 5m, as the kubelet's. */
function nominalBackOff(backOffs: number): string {
  const seconds = Math.min(10 * 2 ** Math.max(0, backOffs - 1), 300);
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${seconds % 60}s`
    : `${seconds}s`;
}

export function pullErrorMessage(image: string): string {
  const ref = normalizeImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

function containerStatus(run: PodRun, c: ContainerRun): IContainerStatus {
  const pulled =
    c.phase !== 'creating' &&
    c.phase !== 'pullError' &&
    c.phase !== 'pullBackOff';
  const status: IContainerStatus = {
    name: c.name,
    image: pulled ? normalizeImage(c.image) : c.image,
    imageID: pulled ? imageId(c.image) : '',
    ready: c.phase === 'running',
    started: c.phase === 'running',
    restartCount: c.restartCount,
    state: {},
    lastState: {},
  };
  if (pulled) status.containerID = containerId(run.uid, c.name, c.restartCount);
  if (c.lastTerminated) {
    status.lastState = {
      terminated: {
        exitCode: 1,
        reason: 'Error',
        ...c.lastTerminated,
        containerID: containerId(run.uid, c.name, c.restartCount - 1),
      },
    };
  }
  switch (c.phase) {
    default: // creating
      status.state = {
        waiting: {
          reason: run.initialized ? 'ContainerCreating' : 'PodInitializing',
        },
      };
      break;
    case 'running':
      status.state = { running: { startedAt: c.startedAt! } };
      break;
    case 'pullError':
      status.state = {
        waiting: { reason: 'ErrImagePull', message: pullErrorMessage(c.image) },
      };
      break;
    case 'pullBackOff':
      status.state = {
        waiting: {
          reason: 'ImagePullBackOff',
          message: `Back-off pulling image "${c.image}"`,
        },
      };
      break;
    case 'crashed':
      status.state = {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: c.startedAt!,
          finishedAt: c.startedAt!,
          containerID: status.containerID,
        },
      };
      break;
    case 'crashLoop':
      status.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${nominalBackOff(
            c.backOffs,
          )} restarting failed container=${c.name} pod=${podKey(run)}`,
        },
      };
      break;
  }
  return status;
}

function podCondition(
  type: string,
  ok: boolean,
  now: string,
  previous: Condition[],
  reason?: string,
  message?: string,
): Condition {
  const status = ok ? 'True' : 'False';
  const before = previous.find(c => c.type === type);
  const condition: Condition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime:
      before && before.status === status ? before.lastTransitionTime : now,
  };
  if (!ok && reason) {
    condition.reason = reason;
    if (message) condition.message = message;
  }
  return condition;
}

/** The pod status the kubelet reports for `run` at `now`. */
export function podStatus(
  run: PodRun,
  current: IPod['status'],
  now: string,
): NonNullable<IPod['status']> {
  const nodeIP = run.hostIP;
  const previous = (current?.conditions ?? []) as Condition[];
  const unready = run.containers
    .filter(c => c.phase !== 'running')
    .map(c => c.name);
  const allReady = unready.length === 0;
  const anyStarted = run.containers.some(
    c =>
      c.phase === 'running' || c.phase === 'crashed' || c.phase === 'crashLoop',
  );
  const allCreated = run.containers.every(
    c =>
      c.phase !== 'creating' &&
      c.phase !== 'pullError' &&
      c.phase !== 'pullBackOff',
  );
  const failed =
    run.restartPolicy === 'Never' &&
    run.containers.some(c => c.phase === 'crashed');
  let phase: 'Pending' | 'Running' | 'Failed' =
    anyStarted && allCreated ? 'Running' : 'Pending';
  if (failed) phase = 'Failed';
  const notReady = `containers with unready status: [${unready.join(' ')}]`;
  const conditions = [
    podCondition('PodReadyToStartContainers', true, now, previous),
    podCondition(
      'Initialized',
      run.initialized,
      now,
      previous,
      'ContainersNotInitialized',
      `containers with incomplete status: [${run.initContainers.join(' ')}]`,
    ),
    podCondition(
      'Ready',
      allReady,
      now,
      previous,
      failed ? 'PodFailed' : 'ContainersNotReady',
      failed ? undefined : notReady,
    ),
    podCondition(
      'ContainersReady',
      allReady,
      now,
      previous,
      failed ? 'PodFailed' : 'ContainersNotReady',
      failed ? undefined : notReady,
    ),
    podCondition('PodScheduled', true, now, previous),
  ];
  const status: NonNullable<IPod['status']> = {
    phase,
    conditions: conditions as NonNullable<IPod['status']>['conditions'],
    hostIP: nodeIP,
    hostIPs: [{ ip: nodeIP }],
    podIP: run.podIP,
    podIPs: [{ ip: run.podIP }],
    startTime: run.startTime,
    containerStatuses: run.containers.map(c => containerStatus(run, c)),
    qosClass: current?.qosClass,
  };
  if (run.initContainers.length) {
    status.initContainerStatuses = run.initContainers.map(name => ({
      name,
      image: '',
      imageID: '',
      ready: run.initialized,
      started: false,
      restartCount: 0,
      state: run.initialized
        ? {
            terminated: {
              exitCode: 0,
              reason: 'Completed',
              startedAt: run.startTime,
              finishedAt: run.startTime,
            },
          }
        : { waiting: { reason: 'PodInitializing' } },
      lastState: {},
    }));
  }
  if (!status.qosClass) delete status.qosClass;
  return status;
}

/** Reads back where each container was, from a pod status written before a restart. */
export function phaseFromStatus(
  status: IContainerStatus | undefined,
): Pick<
  ContainerRun,
  'phase' | 'restartCount' | 'startedAt' | 'lastTerminated'
> {
  const restartCount = status?.restartCount ?? 0;
  const terminated = status?.lastState?.terminated;
  const lastTerminated =
    terminated?.startedAt && terminated.finishedAt
      ? { startedAt: terminated.startedAt, finishedAt: terminated.finishedAt }
      : undefined;
  const waiting = status?.state?.waiting?.reason;
  if (status?.state?.running)
    return {
      phase: 'running',
      restartCount,
      startedAt: status.state.running.startedAt,
      lastTerminated,
    };
  if (status?.state?.terminated)
    return {
      phase: 'crashed',
      restartCount,
      startedAt: status.state.terminated.startedAt,
      lastTerminated,
    };
  if (waiting === 'ErrImagePull')
    return { phase: 'pullError', restartCount, lastTerminated };
  if (waiting === 'ImagePullBackOff')
    return { phase: 'pullBackOff', restartCount, lastTerminated };
  if (waiting === 'CrashLoopBackOff')
    return { phase: 'crashLoop', restartCount, lastTerminated };
  return { phase: 'creating', restartCount, lastTerminated };
}
