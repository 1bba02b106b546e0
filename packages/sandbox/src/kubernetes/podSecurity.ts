import type { IPodSpec, IPodTemplateSpec } from 'kubernetes-models/v1';
import type { KubernetesStore } from './store/KubernetesStore';
import type { AdmissionPlugin } from './store/types';
import { forbidden } from './status';
import type { KubernetesObject } from './types';

/**
 * Pod Security admission as the real API server runs it: a namespace's
 * `pod-security.kubernetes.io/<mode>` labels name a level of the Pod
 * Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 * `enforce` refuses pods that break it; `warn` answers writes of pods and of
 * workloads (their pod template) that break it with a warning; `audit` only
 * annotates audit events, which the sandbox does not keep. Checks and
 * messages follow the upstream `pod-security-admission` policies.
 */

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

const LEVELS: PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

type Container = NonNullable<IPodSpec['containers']>[number];

/** A pod, or a workload's pod template: what Pod Security checks. */
export interface PodLike {
  metadata?: { annotations?: Record<string, string> };
  spec: IPodSpec;
}

interface Check {
  /** Upstream's check ID; results are reported in ID order. */
  id: string;
  level: 'baseline' | 'restricted';
  /** IDs this check replaces at its level. */
  overrides?: string[];
  /** Upstream skips some Linux-only checks for pods that declare Windows. */
  linuxOnly?: boolean;
  check(pod: PodLike): { reason: string; detail: string } | undefined;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const quoted = (values: string[]) => values.map(v => `"${v}"`).join(', ');

function containersOf(spec: IPodSpec): Container[] {
  return [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...((spec.ephemeralContainers ?? []) as Container[]),
  ];
}

/** `container "a"` / `containers "a", "b"`, with `prefix` (e.g. `pod or `) before it. */
function containerList(names: string[], prefix = '') {
  return `${prefix}${plural(names.length, 'container', 'containers')} ${quoted(
    names,
  )}`;
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

const SELINUX_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const ANNOTATION_APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';

const CHECKS: Check[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    linuxOnly: true,
    check: ({ spec }) => {
      const bad = containersOf(spec)
        .filter(c => c.securityContext?.allowPrivilegeEscalation !== false)
        .map(c => c.name);
      return bad.length
        ? {
            reason: 'allowPrivilegeEscalation != false',
            detail: `${containerList(
              bad,
            )} must set securityContext.allowPrivilegeEscalation=false`,
          }
        : undefined;
    },
  },
  {
    id: 'appArmorProfile',
    level: 'baseline',
    check: ({ metadata, spec }) => {
      const bad: string[] = [];
      const allowed = (type?: string) =>
        type === undefined || type === 'RuntimeDefault' || type === 'Localhost';
      if (!allowed(spec.securityContext?.appArmorProfile?.type)) {
        bad.push(
          `pod must not set securityContext.appArmorProfile.type="${spec.securityContext?.appArmorProfile?.type}"`,
        );
      }
      for (const c of containersOf(spec)) {
        const type = c.securityContext?.appArmorProfile?.type;
        if (!allowed(type)) {
          bad.push(
            `container "${c.name}" must not set securityContext.appArmorProfile.type="${type}"`,
          );
        }
      }
      for (const [key, value] of Object.entries(metadata?.annotations ?? {})) {
        if (
          key.startsWith(ANNOTATION_APPARMOR) &&
          value !== 'runtime/default' &&
          !value.startsWith('localhost/')
        ) {
          bad.push(`${key}="${value}"`);
        }
      }
      return bad.length
        ? {
            reason: plural(
              bad.length,
              'forbidden AppArmor profile',
              'forbidden AppArmor profiles',
            ),
            detail: bad.join(', '),
          }
        : undefined;
    },
  },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    check: ({ spec }) => {
      const details = containersOf(spec).flatMap(c => {
        const added = (c.securityContext?.capabilities?.add ?? []).filter(
          cap => !BASELINE_CAPABILITIES.has(cap),
        );
        return added.length
          ? [
              `container "${c.name}" must not include ${quoted(
                added,
              )} in securityContext.capabilities.add`,
            ]
          : [];
      });
      return details.length
        ? { reason: 'non-default capabilities', detail: details.join('; ') }
        : undefined;
    },
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    overrides: ['capabilities_baseline'],
    linuxOnly: true,
    check: ({ spec }) => {
      const containers = containersOf(spec);
      const noDrop = containers
        .filter(
          c => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL'),
        )
        .map(c => c.name);
      const adds = containers.flatMap(c => {
        const added = (c.securityContext?.capabilities?.add ?? []).filter(
          cap => cap !== 'NET_BIND_SERVICE',
        );
        return added.length
          ? [
              `container "${c.name}" must not include ${quoted(
                added,
              )} in securityContext.capabilities.add`,
            ]
          : [];
      });
      const details = [
        ...(noDrop.length
          ? [
              `${containerList(
                noDrop,
              )} must set securityContext.capabilities.drop=["ALL"]`,
            ]
          : []),
        ...adds,
      ];
      return details.length
        ? { reason: 'unrestricted capabilities', detail: details.join('; ') }
        : undefined;
    },
  },
  {
    id: 'hostNamespaces',
    level: 'baseline',
    check: ({ spec }) => {
      const set = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter(
        field => spec[field] === true,
      );
      return set.length
        ? {
            reason: 'host namespaces',
            detail: set.map(field => `${field}=true`).join(', '),
          }
        : undefined;
    },
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    check: ({ spec }) => {
      const bad = (spec.volumes ?? []).filter(v => v.hostPath).map(v => v.name);
      return bad.length
        ? {
            reason: 'hostPath volumes',
            detail: `${plural(bad.length, 'volume', 'volumes')} ${quoted(bad)}`,
          }
        : undefined;
    },
  },
  {
    id: 'hostPorts',
    level: 'baseline',
    check: ({ spec }) => {
      const details = containersOf(spec).flatMap(c => {
        const ports = (c.ports ?? [])
          .map(p => p.hostPort)
          .filter(port => port !== undefined && port !== 0);
        return ports.length
          ? [
              `container "${c.name}" uses ${plural(
                ports.length,
                'hostPort',
                'hostPorts',
              )} ${ports.join(', ')}`,
            ]
          : [];
      });
      return details.length
        ? {
            reason: plural(details.length, 'hostPort', 'hostPorts'),
            detail: details.join('; '),
          }
        : undefined;
    },
  },
  {
    id: 'hostProcess',
    level: 'baseline',
    check: ({ spec }) => {
      const pod = spec.securityContext?.windowsOptions?.hostProcess === true;
      const bad = containersOf(spec)
        .filter(c => c.securityContext?.windowsOptions?.hostProcess === true)
        .map(c => c.name);
      if (!pod && !bad.length) return undefined;
      const details = [
        ...(pod
          ? ['pod must not set securityContext.windowsOptions.hostProcess=true']
          : []),
        ...(bad.length
          ? [
              `${containerList(
                bad,
              )} must not set securityContext.windowsOptions.hostProcess=true`,
            ]
          : []),
      ];
      return { reason: 'hostProcess', detail: details.join('; ') };
    },
  },
  {
    id: 'privileged',
    level: 'baseline',
    check: ({ spec }) => {
      const bad = containersOf(spec)
        .filter(c => c.securityContext?.privileged === true)
        .map(c => c.name);
      return bad.length
        ? {
            reason: 'privileged',
            detail: `${containerList(
              bad,
            )} must not set securityContext.privileged=true`,
          }
        : undefined;
    },
  },
  {
    id: 'procMount',
    level: 'baseline',
    check: ({ spec }) => {
      const bad = containersOf(spec).filter(
        c =>
          c.securityContext?.procMount !== undefined &&
          c.securityContext.procMount !== 'Default',
      );
      return bad.length
        ? {
            reason: 'procMount',
            detail: `${containerList(
              bad.map(c => c.name),
            )} must not set securityContext.procMount to ${quoted([
              ...new Set(bad.map(c => c.securityContext!.procMount!)),
            ])}`,
          }
        : undefined;
    },
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    overrides: ['hostPathVolumes'],
    check: ({ spec }) => {
      const bad = (spec.volumes ?? []).flatMap(volume => {
        const types = Object.keys(volume).filter(
          key => key !== 'name' && !RESTRICTED_VOLUME_TYPES.has(key),
        );
        return types.length ? [{ name: volume.name, types }] : [];
      });
      if (!bad.length) return undefined;
      const types = [...new Set(bad.flatMap(v => v.types))].sort();
      return {
        reason: 'restricted volume types',
        detail: `${plural(bad.length, 'volume', 'volumes')} ${quoted(
          bad.map(v => v.name),
        )} ${plural(bad.length, 'uses', 'use')} ${plural(
          types.length,
          'restricted volume type',
          'restricted volume types',
        )} ${quoted(types)}`,
      };
    },
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    check: ({ spec }) => {
      const podValue = spec.securityContext?.runAsNonRoot;
      const containers = containersOf(spec);
      const explicitlyBad = containers
        .filter(c => c.securityContext?.runAsNonRoot === false)
        .map(c => c.name);
      const implicitlyBad =
        podValue === true
          ? []
          : containers
              .filter(c => c.securityContext?.runAsNonRoot === undefined)
              .map(c => c.name);
      const details = [
        ...(podValue === false
          ? ['pod must not set securityContext.runAsNonRoot=false']
          : []),
        ...(explicitlyBad.length
          ? [
              `${containerList(
                explicitlyBad,
              )} must not set securityContext.runAsNonRoot=false`,
            ]
          : []),
        ...(implicitlyBad.length
          ? [
              `${containerList(
                implicitlyBad,
                'pod or ',
              )} must set securityContext.runAsNonRoot=true`,
            ]
          : []),
      ];
      return details.length
        ? { reason: 'runAsNonRoot != true', detail: details.join('; ') }
        : undefined;
    },
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    check: ({ spec }) => {
      const pod = spec.securityContext?.runAsUser === 0;
      const bad = containersOf(spec)
        .filter(c => c.securityContext?.runAsUser === 0)
        .map(c => c.name);
      const details = [
        ...(pod ? ['pod must not set runAsUser=0'] : []),
        ...(bad.length
          ? [`${containerList(bad)} must not set runAsUser=0`]
          : []),
      ];
      return details.length
        ? { reason: 'runAsUser=0', detail: details.join('; ') }
        : undefined;
    },
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    check: ({ spec }) => {
      const contexts = [
        { who: 'pod', options: spec.securityContext?.seLinuxOptions },
        ...containersOf(spec).map(c => ({
          who: `container "${c.name}"`,
          options: c.securityContext?.seLinuxOptions,
        })),
      ];
      const details = contexts.flatMap(({ who, options }) => {
        if (!options) return [];
        const problems = [
          ...(!SELINUX_TYPES.has(options.type ?? '')
            ? [
                `${who} set forbidden securityContext.seLinuxOptions: type "${options.type}"`,
              ]
            : []),
          ...(options.user
            ? [
                `${who} set forbidden securityContext.seLinuxOptions: user "${options.user}"`,
              ]
            : []),
          ...(options.role
            ? [
                `${who} set forbidden securityContext.seLinuxOptions: role "${options.role}"`,
              ]
            : []),
        ];
        return problems;
      });
      return details.length
        ? { reason: 'seLinuxOptions', detail: details.join('; ') }
        : undefined;
    },
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    check: ({ spec }) => {
      const details = [
        ...(spec.securityContext?.seccompProfile?.type === 'Unconfined'
          ? [
              'pod must not set securityContext.seccompProfile.type to "Unconfined"',
            ]
          : []),
        ...containersOf(spec)
          .filter(c => c.securityContext?.seccompProfile?.type === 'Unconfined')
          .map(
            c =>
              `container "${c.name}" must not set securityContext.seccompProfile.type to "Unconfined"`,
          ),
      ];
      return details.length
        ? { reason: 'seccompProfile', detail: details.join('; ') }
        : undefined;
    },
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    overrides: ['seccompProfile_baseline'],
    linuxOnly: true,
    check: ({ spec }) => {
      const allowed = (type?: string) =>
        type === 'RuntimeDefault' || type === 'Localhost';
      const podType = spec.securityContext?.seccompProfile?.type;
      const containers = containersOf(spec);
      const explicitlyBad = containers.filter(
        c =>
          c.securityContext?.seccompProfile?.type !== undefined &&
          !allowed(c.securityContext.seccompProfile.type),
      );
      const implicitlyBad = allowed(podType)
        ? []
        : containers
            .filter(c => c.securityContext?.seccompProfile?.type === undefined)
            .map(c => c.name);
      const details = [
        ...(podType !== undefined && !allowed(podType)
          ? [
              `pod must not set securityContext.seccompProfile.type to "${podType}"`,
            ]
          : []),
        ...(explicitlyBad.length
          ? [
              `${containerList(
                explicitlyBad.map(c => c.name),
              )} must not set securityContext.seccompProfile.type to ${quoted([
                ...new Set(
                  explicitlyBad.map(
                    c => c.securityContext!.seccompProfile!.type,
                  ),
                ),
              ])}`,
            ]
          : []),
        ...(implicitlyBad.length
          ? [
              `${containerList(
                implicitlyBad,
                'pod or ',
              )} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
            ]
          : []),
      ];
      return details.length
        ? { reason: 'seccompProfile', detail: details.join('; ') }
        : undefined;
    },
  },
  {
    id: 'sysctls',
    level: 'baseline',
    check: ({ spec }) => {
      const bad = (spec.securityContext?.sysctls ?? [])
        .map(s => s.name)
        .filter(name => !SAFE_SYSCTLS.has(name));
      return bad.length
        ? { reason: 'forbidden sysctls', detail: bad.join(', ') }
        : undefined;
    },
  },
];

/**
 * What of a pod breaks a Pod Security level, as upstream words it:
 * `reason (detail)` per failed check, in check order; empty when none.
 */
export function podSecurityViolations(
  level: PodSecurityLevel,
  pod: PodLike,
): string[] {
  if (level === 'privileged') return [];
  const checks = CHECKS.filter(
    check => level === 'restricted' || check.level === 'baseline',
  );
  const overridden = new Set(checks.flatMap(check => check.overrides ?? []));
  const windows = pod.spec.os?.name === 'windows';
  return checks
    .filter(check => !overridden.has(check.id))
    .filter(check => !(windows && check.linuxOnly))
    .flatMap(check => {
      const result = check.check(pod);
      return result ? [`${result.reason} (${result.detail})`] : [];
    });
}

const specOf = (object: KubernetesObject) => object.spec as any;

/** The kinds whose pod template Pod Security admission checks, and where the template is. */
const WORKLOAD_TEMPLATES: Record<
  string,
  (object: KubernetesObject) => IPodTemplateSpec | undefined
> = {
  'apps/Deployment': o => specOf(o)?.template,
  'apps/ReplicaSet': o => specOf(o)?.template,
  'apps/StatefulSet': o => specOf(o)?.template,
  'apps/DaemonSet': o => specOf(o)?.template,
  'batch/Job': o => specOf(o)?.template,
  'batch/CronJob': o => specOf(o)?.jobTemplate?.spec?.template,
  '/ReplicationController': o => specOf(o)?.template,
  '/PodTemplate': o => (o as { template?: IPodTemplateSpec }).template,
};

/** A namespace's level and version for one mode; undefined when it sets none (or one PSA does not know). */
function policyOf(
  namespace: KubernetesObject | undefined,
  mode: 'enforce' | 'warn',
): { level: PodSecurityLevel; label: string } | undefined {
  const labels = namespace?.metadata?.labels ?? {};
  const level = labels[`pod-security.kubernetes.io/${mode}`];
  if (!LEVELS.includes(level as PodSecurityLevel)) return undefined;
  const version =
    labels[`pod-security.kubernetes.io/${mode}-version`] ?? 'latest';
  return {
    level: level as PodSecurityLevel,
    label: `"${level}:${version}"`,
  };
}

/**
 * The PodSecurity admission plugin: on create and update of a pod, refuses
 * it (403) when it breaks the namespace's `enforce` level and warns when it
 * breaks its `warn` level; on create and update of a workload, warns when
 * its pod template breaks the `warn` level. Status updates are not checked.
 */
export function podSecurityAdmission(store: KubernetesStore): AdmissionPlugin {
  return {
    name: 'PodSecurity',
    admit({ operation, kind, object, oldObject, warn }) {
      const namespace = object.metadata.namespace;
      if (operation === 'DELETE' || !namespace) return;
      const isPod = kind.group === '' && kind.kind === 'Pod';
      const templateOf = (o: KubernetesObject) =>
        isPod
          ? (o as unknown as PodLike)
          : WORKLOAD_TEMPLATES[`${kind.group}/${kind.kind}`]?.(o);
      const template = templateOf(object);
      if (!template?.spec) return;
      // Updates that leave the pod (template) as it was, e.g. its status, a
      // label of the workload or its replicas, are not checked again.
      if (oldObject) {
        const before = templateOf(oldObject);
        const podPart = (t?: PodLike | IPodTemplateSpec) =>
          JSON.stringify([t?.metadata, t?.spec]);
        if (podPart(before) === podPart(template)) return;
      }
      const ns = store.find({
        group: '',
        version: 'v1',
        resource: 'namespaces',
        name: namespace,
      });
      const pod = template as PodLike;
      const enforce = isPod ? policyOf(ns, 'enforce') : undefined;
      const enforced = enforce ? podSecurityViolations(enforce.level, pod) : [];
      if (enforce && enforced.length) {
        throw forbidden(
          kind.group,
          kind.resource,
          object.metadata.name,
          `violates PodSecurity ${enforce.label}: ${enforced.join(', ')}`,
        );
      }
      const warning = policyOf(ns, 'warn');
      const warned = warning ? podSecurityViolations(warning.level, pod) : [];
      if (warning && warned.length) {
        warn?.(
          `would violate PodSecurity ${warning.label}: ${warned.join(', ')}`,
        );
      }
    },
  };
}
