import type { KubernetesObject } from '../kubernetes';

type Json = Record<string, any>;

/**
 * A Deployment of `replicas` pods running `image`, labelled and selected by
 * `app: <name>`; other `spec` fields are merged in.
 */
export function deploymentManifest(
  name: string,
  {
    image = 'nginx:1.27',
    replicas = 2,
    ...spec
  }: { image?: string; replicas?: number } & Record<string, unknown> = {},
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image }] },
      },
      ...spec,
    },
  };
}

/** An object's `status`, `{}` when it has none or is undefined. */
export const statusOf = (object: KubernetesObject | undefined): Json =>
  (object?.status ?? {}) as Json;

/** An object's `spec`, `{}` when it has none or is undefined. */
export const specOf = (object: KubernetesObject | undefined): Json =>
  (object?.spec ?? {}) as Json;

/** The condition of `type` in an object's `status.conditions`, if any. */
export const condition = (
  object: KubernetesObject | undefined,
  type: string,
): Json | undefined =>
  (statusOf(object).conditions as Json[] | undefined)?.find(
    c => c.type === type,
  );
