import type { IPod } from 'kubernetes-models/v1';
import type { KubernetesObject } from '../types';
import type { ControllerContext } from './ControllerContext';
import type { EventInput } from './EventRecorder';
import { formatDuration, imageSize } from './images';
import { stableJson } from './objects';
import {
  type ContainerRun,
  phaseFromStatus,
  podStatus,
  pullErrorMessage,
  type PodRun,
} from './podLifecycle';
import { refOf } from './refs';

/** The longest back-off, in multiples of podReadyDelayMs (the kubelet's 5 minutes over 10 seconds). */
const MAX_BACK_OFF = 30;

type Pod = IPod & KubernetesObject;

/**
 * The kubelets of the sandbox's nodes: each runs the pods bound to its
 * node, pulls images, starts containers after `podReadyDelayMs`, and plays
 * out image pull failures and crash loops for the images the options name.
 * Pods bound to a node no sandbox kubelet serves are left alone.
 */
export class Kubelet {
  private readonly runs = new Map<string, PodRun>();
  private nextIp = 0;

  constructor(
    private readonly ctx: ControllerContext,
    /** The InternalIP of a node the sandbox serves, undefined for any other. */
    private readonly addressOf: (node: string) => string | undefined,
  ) {}

  sync(namespace: string, name: string) {
    const key = `${namespace}/${name}`;
    const pod = this.ctx.store.find(refOf('Pod', namespace, name)) as
      | Pod
      | undefined;
    const run = this.runs.get(key);
    if (
      run &&
      (!pod || pod.metadata?.uid !== run.uid || pod.metadata?.deletionTimestamp)
    ) {
      run.timer?.cancel();
      this.runs.delete(key);
    }
    if (!pod || pod.metadata?.deletionTimestamp || this.runs.has(key)) return;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const node = pod.spec?.nodeName;
    const hostIP = node ? this.addressOf(node) : undefined;
    if (!node || !hostIP) return;
    this.begin(pod, node, hostIP);
  }

  stop() {
    for (const run of this.runs.values()) run.timer?.cancel();
    this.runs.clear();
  }

  /** Takes a pod bound to `node` on: resumes from its status (restored state) or starts it. */
  private begin(pod: Pod, node: string, hostIP: string) {
    const namespace = pod.metadata!.namespace!;
    const statuses = pod.status?.containerStatuses ?? [];
    const fresh = !pod.status?.startTime;
    const run: PodRun = {
      uid: pod.metadata!.uid!,
      namespace,
      name: pod.metadata!.name!,
      node,
      hostIP,
      initContainers: (pod.spec?.initContainers ?? []).map(c => c.name),
      initialized:
        !(pod.spec?.initContainers ?? []).length ||
        (!fresh &&
          pod.status?.conditions?.find(c => c.type === 'Initialized')
            ?.status === 'True'),
      podIP: pod.status?.podIP ?? this.allocateIp(),
      startTime: pod.status?.startTime ?? this.ctx.timestamp(),
      restartPolicy: pod.spec?.restartPolicy ?? 'Always',
      containers: (pod.spec?.containers ?? []).map(container => ({
        name: container.name,
        image: container.image ?? '',
        outcome: this.outcomeOf(container.image ?? ''),
        backOffs: 0,
        ...phaseFromStatus(
          fresh ? undefined : statuses.find(s => s.name === container.name),
        ),
      })),
    };
    this.runs.set(`${namespace}/${run.name}`, run);
    this.write(run);
    if (run.containers.some(c => c.phase === 'creating')) {
      for (const c of run.containers) {
        if (c.phase === 'creating')
          this.containerEvent(
            run,
            c,
            'Normal',
            'Pulling',
            `Pulling image "${c.image}"`,
          );
      }
      this.schedule(run, this.ctx.options.podReadyDelayMs, () =>
        this.start(run),
      );
    } else {
      this.scheduleBackOff(run);
    }
  }

  private outcomeOf(image: string): ContainerRun['outcome'] {
    if (this.ctx.options.failingImagePattern.test(image)) return 'failPull';
    if (this.ctx.options.crashingImagePattern.test(image)) return 'crash';
    return 'ok';
  }

  /** The pull finished: containers run, fail to pull, or start and crash. */
  private start(run: PodRun) {
    run.initialized = true;
    const now = this.ctx.timestamp();
    for (const c of run.containers) {
      if (c.phase !== 'creating') continue;
      if (c.outcome === 'failPull') {
        this.failPull(run, c);
        continue;
      }
      const took = formatDuration(this.ctx.options.podReadyDelayMs);
      this.containerEvent(
        run,
        c,
        'Normal',
        'Pulled',
        `Successfully pulled image "${
          c.image
        }" in ${took} (${took} including waiting). Image size: ${imageSize(
          c.image,
        )} bytes.`,
      );
      this.containerStarted(run, c);
      c.startedAt = now;
      c.phase = c.outcome === 'crash' ? 'crashed' : 'running';
    }
    this.write(run);
    this.scheduleBackOff(run);
  }

  /** The events a container's (re)start leaves, once its image is there. */
  private containerStarted(run: PodRun, c: ContainerRun) {
    this.containerEvent(
      run,
      c,
      'Normal',
      'Created',
      `Created container: ${c.name}`,
    );
    this.containerEvent(
      run,
      c,
      'Normal',
      'Started',
      `Started container ${c.name}`,
    );
  }

  private failPull(run: PodRun, c: ContainerRun) {
    c.phase = 'pullError';
    this.containerEvent(
      run,
      c,
      'Warning',
      'Failed',
      `Failed to pull image "${c.image}": ${pullErrorMessage(c.image)}`,
    );
    this.containerEvent(run, c, 'Warning', 'Failed', 'Error: ErrImagePull');
  }

  /** While some container fails, the next back-off step comes after a doubling delay. */
  private scheduleBackOff(run: PodRun) {
    const failing = run.containers.filter(
      c => c.phase !== 'running' && c.phase !== 'creating',
    );
    if (!failing.length) return;
    if (
      run.restartPolicy === 'Never' &&
      failing.every(c => c.phase === 'crashed')
    )
      return;
    const steps = Math.max(...failing.map(c => c.backOffs));
    const delay =
      Math.max(1, this.ctx.options.podReadyDelayMs) *
      Math.min(2 ** steps, MAX_BACK_OFF);
    this.schedule(run, delay, () => this.backOffStep(run));
  }

  private backOffStep(run: PodRun) {
    const now = this.ctx.timestamp();
    for (const c of run.containers) {
      switch (c.phase) {
        case 'pullError':
          c.phase = 'pullBackOff';
          c.backOffs += 1;
          this.containerEvent(
            run,
            c,
            'Normal',
            'BackOff',
            `Back-off pulling image "${c.image}"`,
          );
          this.containerEvent(
            run,
            c,
            'Warning',
            'Failed',
            'Error: ImagePullBackOff',
          );
          break;
        case 'pullBackOff':
          this.containerEvent(
            run,
            c,
            'Normal',
            'Pulling',
            `Pulling image "${c.image}"`,
          );
          this.failPull(run, c);
          break;
        case 'crashed':
        case 'crashLoop':
          if (run.restartPolicy === 'Never') break;
          // Restarted, ran, and exited with code 1 again.
          c.lastTerminated = { startedAt: c.startedAt ?? now, finishedAt: now };
          c.restartCount += 1;
          c.backOffs += 1;
          c.startedAt = now;
          c.phase = 'crashLoop';
          this.containerEvent(
            run,
            c,
            'Normal',
            'Pulled',
            `Container image "${c.image}" already present on machine`,
          );
          this.containerStarted(run, c);
          this.containerEvent(
            run,
            c,
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${c.name} in pod ${run.name}_${run.namespace}(${run.uid})`,
          );
          break;
        default:
          break;
      }
    }
    this.write(run);
    this.scheduleBackOff(run);
  }

  private schedule(run: PodRun, ms: number, fn: () => void) {
    run.timer?.cancel();
    run.timer = this.ctx.after(ms, () => {
      run.timer = undefined;
      // The pod may have gone while the timer ran.
      if (
        this.runs.get(`${run.namespace}/${run.name}`) !== run ||
        !this.current(run)
      )
        return;
      fn();
    });
  }

  private current(run: PodRun): Pod | undefined {
    const pod = this.ctx.store.find(refOf('Pod', run.namespace, run.name)) as
      | Pod
      | undefined;
    return pod &&
      pod.metadata?.uid === run.uid &&
      !pod.metadata.deletionTimestamp
      ? pod
      : undefined;
  }

  private write(run: PodRun) {
    const pod = this.current(run);
    if (!pod) return;
    const status = podStatus(run, pod.status, this.ctx.timestamp());
    if (stableJson(status) === stableJson(pod.status ?? {})) return;
    this.ctx.store.updateStatus(refOf('Pod', run.namespace, run.name), {
      ...pod,
      status,
    } as KubernetesObject);
  }

  private containerEvent(
    run: PodRun,
    c: ContainerRun,
    type: EventInput['type'],
    reason: string,
    message: string,
  ) {
    const pod = this.current(run);
    if (!pod) return;
    this.ctx.events.record(
      pod,
      { component: 'kubelet', host: run.node },
      {
        type,
        reason,
        message,
        fieldPath: `spec.containers{${c.name}}`,
      },
    );
  }

  private allocateIp(): string {
    if (this.nextIp === 0) {
      // After a restore, continue past the addresses pods already have.
      for (const pod of this.ctx.store.list(refOf('Pod')).items) {
        const match = /^10\.244\.(\d+)\.(\d+)$/.exec(
          String((pod.status as { podIP?: string } | undefined)?.podIP ?? ''),
        );
        if (match)
          this.nextIp = Math.max(
            this.nextIp,
            Number(match[1]) * 250 + Number(match[2]) - 1,
          );
      }
    }
    const n = this.nextIp++;
    return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  }
}
