import type { FieldError } from '../status';
import type { KubernetesObject } from '../types';

/**
 * Checks the real API server makes beyond the OpenAPI schema, for the
 * mistakes people make most in manifests.
 */
type Json = Record<string, unknown>;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function podSpecRules(spec: Json | undefined, path: string): FieldError[] {
  if (!spec) {
    return [{ type: 'FieldValueRequired', field: path }];
  }
  const errors: FieldError[] = [];
  const containers = spec.containers as Json[] | undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    errors.push({ type: 'FieldValueRequired', field: `${path}.containers` });
  }
  const seen = new Set<string>();
  for (const key of ['initContainers', 'containers']) {
    ((spec[key] ?? []) as Json[]).forEach((container, index) => {
      const at = `${path}.${key}[${index}]`;
      const name = container?.name;
      if (typeof name !== 'string' || !name) {
        errors.push({ type: 'FieldValueRequired', field: `${at}.name` });
      } else if (!DNS1123_LABEL.test(name) || name.length > 63) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `${at}.name`,
          value: name,
          detail:
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        });
      } else if (seen.has(name)) {
        errors.push({
          type: 'FieldValueDuplicate',
          field: `${at}.name`,
          value: name,
        });
      } else {
        seen.add(name);
      }
      if (typeof container?.image !== 'string' || !container.image.trim()) {
        errors.push({ type: 'FieldValueRequired', field: `${at}.image` });
      }
    });
  }
  return errors;
}

function selectorMatchesLabels(
  selector: Json | undefined,
  labels: Record<string, string>,
): boolean {
  const matchLabels = (selector?.matchLabels ?? {}) as Record<string, string>;
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

function formatMap(map: Record<string, string>): string {
  return `map[string]string{${Object.entries(map)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(', ')}}`;
}

function workloadRules(
  object: KubernetesObject,
  needsSelector = true,
): FieldError[] {
  const spec = (object.spec ?? {}) as Json;
  const errors: FieldError[] = [];
  const template = spec.template as Json | undefined;
  const labels = ((template?.metadata as Json | undefined)?.labels ??
    {}) as Record<string, string>;
  const selector = spec.selector as Json | undefined;
  if (needsSelector && !selector) {
    errors.push({ type: 'FieldValueRequired', field: 'spec.selector' });
  } else if (selector && !selector.matchLabels && !selector.matchExpressions) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.selector',
      value: selector,
      detail: 'empty selector is invalid for deployment',
    });
  } else if (selector && !selectorMatchesLabels(selector, labels)) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      value: formatMap(labels),
      detail: '`selector` does not match template `labels`',
    });
  }
  errors.push(
    ...podSpecRules(template?.spec as Json | undefined, 'spec.template.spec'),
  );
  return errors;
}

export function podRules(pod: KubernetesObject): FieldError[] {
  return podSpecRules(pod.spec as Json | undefined, 'spec');
}

export function deploymentRules(object: KubernetesObject): FieldError[] {
  return workloadRules(object);
}

export function jobRules(job: KubernetesObject): FieldError[] {
  const errors = workloadRules(job, false);
  const template = (job.spec as Json | undefined)?.template as Json | undefined;
  const restartPolicy = (template?.spec as Json | undefined)?.restartPolicy;
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    errors.push({
      type: 'FieldValueRequired',
      field: 'spec.template.spec.restartPolicy',
      detail: 'valid values: "OnFailure", "Never"',
    });
  }
  return errors;
}

export function cronJobRules(cronJob: KubernetesObject): FieldError[] {
  const spec = (cronJob.spec ?? {}) as Json;
  const errors: FieldError[] = [];
  if (typeof spec.schedule !== 'string' || !spec.schedule) {
    errors.push({ type: 'FieldValueRequired', field: 'spec.schedule' });
  }
  const jobSpec = (spec.jobTemplate as Json | undefined)?.spec as
    | Json
    | undefined;
  const template = jobSpec?.template as Json | undefined;
  errors.push(
    ...podSpecRules(
      template?.spec as Json | undefined,
      'spec.jobTemplate.spec.template.spec',
    ),
  );
  return errors;
}

export function serviceRules(service: KubernetesObject): FieldError[] {
  const spec = (service.spec ?? {}) as Json;
  const ports = spec.ports as Json[] | undefined;
  if (
    spec.type !== 'ExternalName' &&
    spec.clusterIP !== 'None' &&
    (!Array.isArray(ports) || ports.length === 0)
  ) {
    return [{ type: 'FieldValueRequired', field: 'spec.ports' }];
  }
  return [];
}

/** Fields that may not change once set. */
export function immutableSelector(
  object: KubernetesObject,
  old: KubernetesObject,
): FieldError[] {
  const before = JSON.stringify((old.spec as Json | undefined)?.selector);
  const after = JSON.stringify((object.spec as Json | undefined)?.selector);
  return before === after
    ? []
    : [
        {
          type: 'FieldValueInvalid',
          field: 'spec.selector',
          value: (object.spec as Json | undefined)?.selector,
          detail: 'field is immutable',
        },
      ];
}

const ACCESS_MODES = [
  'ReadOnlyMany',
  'ReadWriteMany',
  'ReadWriteOnce',
  'ReadWriteOncePod',
];

/** What the real server requires of a claim: access modes it knows, and a storage request. */
export function persistentVolumeClaimRules(
  claim: KubernetesObject,
): FieldError[] {
  const spec = (claim.spec ?? {}) as Json;
  const errors: FieldError[] = [];
  const modes = spec.accessModes as unknown[] | undefined;
  if (!Array.isArray(modes) || modes.length === 0) {
    errors.push({
      type: 'FieldValueRequired',
      field: 'spec.accessModes',
      detail: 'at least 1 access mode is required',
    });
  } else {
    for (const mode of modes) {
      if (!ACCESS_MODES.includes(mode as string)) {
        errors.push({
          type: 'FieldValueNotSupported',
          field: 'spec.accessModes',
          value: mode,
          detail: `supported values: ${ACCESS_MODES.map(m => `"${m}"`).join(
            ', ',
          )}`,
        });
      }
    }
  }
  const requests = ((spec.resources ?? {}) as Json).requests as
    | Json
    | undefined;
  if (requests?.storage === undefined) {
    errors.push({
      type: 'FieldValueRequired',
      field: 'spec.resources[storage]',
    });
  }
  return errors;
}

/**
 * A node's taints are unique by key and effect (the schema checks each
 * taint has a key and a known effect).
 */
export function nodeRules(node: KubernetesObject): FieldError[] {
  const taints = ((node.spec as Json | undefined)?.taints ?? []) as Json[];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((taint, index) => {
    const identity = `${taint.key}:${taint.effect}`;
    if (seen.has(identity)) {
      errors.push({
        type: 'FieldValueDuplicate',
        field: `spec.taints[${index}]`,
        value: taint,
        detail: 'taints must be unique by key and effect pair',
      });
    }
    seen.add(identity);
  });
  return errors;
}
