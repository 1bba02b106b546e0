import type { KubernetesObject, StoredObject } from '../types';

/**
 * The defaults the real API server fills in, so clients that read back what
 * they wrote (kubectl apply, the portal's status views) see familiar objects.
 */
type Json = Record<string, unknown>;

function obj(parent: Json, key: string): Json {
  const value = parent[key];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return value as Json;
  }
  const created: Json = {};
  parent[key] = created;
  return created;
}

function setDefault(target: Json, key: string, value: unknown) {
  if (target[key] === undefined) {
    target[key] = value;
  }
}

function imagePullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const lastPart = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function containerDefaults(container: Json) {
  setDefault(container, 'imagePullPolicy', imagePullPolicy(container.image));
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  const resources = obj(container, 'resources');
  // Limits without requests request the limit, as the real defaulting does.
  const limits = resources.limits as Json | undefined;
  if (limits) {
    const requests = obj(resources, 'requests');
    for (const [key, value] of Object.entries(limits)) {
      setDefault(requests, key, value);
    }
  }
  for (const port of (container.ports ?? []) as Json[]) {
    setDefault(port, 'protocol', 'TCP');
  }
}

export function podSpecDefaults(spec: Json) {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  for (const key of ['containers', 'initContainers']) {
    for (const container of (spec[key] ?? []) as Json[]) {
      containerDefaults(container);
    }
  }
}

function templateDefaults(template: Json | undefined) {
  if (template) {
    podSpecDefaults(obj(template, 'spec'));
  }
}

export function podDefaults(pod: KubernetesObject) {
  const spec = obj(pod, 'spec');
  podSpecDefaults(spec);
  setDefault(spec, 'serviceAccountName', 'default');
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  setDefault(spec, 'enableServiceLinks', true);
  setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  const status = obj(pod, 'status');
  setDefault(status, 'phase', 'Pending');
  setDefault(status, 'qosClass', qosClass(spec));
}

function qosClass(spec: Json): string {
  const containers = (spec.containers ?? []) as Json[];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const container of containers) {
    const resources = (container.resources ?? {}) as Json;
    const requests = (resources.requests ?? {}) as Json;
    const limits = (resources.limits ?? {}) as Json;
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const key of ['cpu', 'memory']) {
      if (!limits[key] || requests[key] !== limits[key]) guaranteed = false;
    }
  }
  if (guaranteed) return 'Guaranteed';
  return any ? 'Burstable' : 'BestEffort';
}

export function deploymentDefaults(deployment: KubernetesObject) {
  const spec = obj(deployment, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  const strategy = obj(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = obj(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  templateDefaults(spec.template as Json | undefined);
}

export function replicaSetDefaults(replicaSet: KubernetesObject) {
  const spec = obj(replicaSet, 'spec');
  setDefault(spec, 'replicas', 1);
  templateDefaults(spec.template as Json | undefined);
}

export function statefulSetDefaults(statefulSet: KubernetesObject) {
  const spec = obj(statefulSet, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  setDefault(spec, 'revisionHistoryLimit', 10);
  const strategy = obj(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    setDefault(obj(strategy, 'rollingUpdate'), 'partition', 0);
  }
  templateDefaults(spec.template as Json | undefined);
}

export function daemonSetDefaults(daemonSet: KubernetesObject) {
  const spec = obj(daemonSet, 'spec');
  setDefault(spec, 'revisionHistoryLimit', 10);
  const strategy = obj(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = obj(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    setDefault(rolling, 'maxSurge', 0);
  }
  templateDefaults(spec.template as Json | undefined);
}

function jobSpecDefaults(spec: Json) {
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'completions', 1);
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  templateDefaults(spec.template as Json | undefined);
}

export function jobDefaults(job: KubernetesObject) {
  jobSpecDefaults(obj(job, 'spec'));
}

export function cronJobDefaults(cronJob: KubernetesObject) {
  const spec = obj(cronJob, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = obj(spec, 'jobTemplate');
  // The job template's spec is not defaulted as a Job's on a real server.
  templateDefaults((jobTemplate.spec as Json | undefined)?.template as Json);
}

let nextClusterIp = 1;

export function serviceDefaults(service: KubernetesObject, old?: StoredObject) {
  const spec = obj(service, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  for (const port of (spec.ports ?? []) as Json[]) {
    setDefault(port, 'protocol', 'TCP');
    setDefault(port, 'targetPort', port.port);
  }
  if (spec.type === 'ExternalName') return;
  const oldSpec = (old?.spec ?? {}) as Json;
  if (spec.clusterIP === undefined && oldSpec.clusterIP !== undefined) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (spec.clusterIP === undefined) {
    const n = nextClusterIp++;
    spec.clusterIP = `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  }
  setDefault(spec, 'clusterIPs', [spec.clusterIP]);
  setDefault(spec, 'ipFamilies', ['IPv4']);
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  setDefault(service, 'status', { loadBalancer: {} });
}

export function namespaceDefaults(namespace: KubernetesObject) {
  const metadata = namespace.metadata ?? {};
  namespace.metadata = metadata;
  // Set by the server since 1.21 so namespaces can be selected by name.
  metadata.labels = {
    ...metadata.labels,
    'kubernetes.io/metadata.name': metadata.name ?? '',
  };
  setDefault(obj(namespace, 'spec'), 'finalizers', ['kubernetes']);
  setDefault(obj(namespace, 'status'), 'phase', 'Active');
}

export function secretDefaults(secret: KubernetesObject) {
  setDefault(secret, 'type', 'Opaque');
  // stringData is write-only: folded into data, as the server does.
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (stringData) {
    const data = obj(secret, 'data');
    for (const [key, value] of Object.entries(stringData)) {
      data[key] = Buffer.from(String(value)).toString('base64');
    }
    delete secret.stringData;
  }
}

export function limitRangeDefaults(limitRange: KubernetesObject) {
  const spec = obj(limitRange, 'spec');
  for (const item of (spec.limits ?? []) as Json[]) {
    if (item.type !== 'Container') continue;
    // A max is also the default limit, and a default limit the default request.
    if (item.max) {
      item.default = { ...(item.max as Json), ...(item.default as Json) };
    }
    if (item.default) {
      item.defaultRequest = {
        ...(item.default as Json),
        ...(item.defaultRequest as Json),
      };
    }
  }
}

export function serviceAccountDefaults(_serviceAccount: KubernetesObject) {
  // Nothing: token secrets are not created since Kubernetes 1.24.
}

/** A claim waits for a volume: the sandbox provisions none, as a cluster without a storage class. */
export function persistentVolumeClaimDefaults(claim: KubernetesObject) {
  const spec = obj(claim, 'spec');
  setDefault(spec, 'volumeMode', 'Filesystem');
  const status = obj(claim, 'status');
  setDefault(status, 'phase', 'Pending');
}
