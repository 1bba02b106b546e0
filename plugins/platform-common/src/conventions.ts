/**
 * The golden-path contract: names that the templates' skeletons, the
 * sandbox's GitOps sync, the provisioning actions and deployment status must
 * agree on. Change them here, and in the conventions document, together.
 */

/** Folder of a service repository that holds one folder of manifests per environment. */
export const DEPLOY_FOLDER = 'deploy';

/**
 * The manifests of one environment, e.g. `deploy/dev`: plain YAML files or a
 * kustomization, applied as a whole to the environment's namespace.
 */
export function deployFolder(environment: string): string {
  return `${DEPLOY_FOLDER}/${environment}`;
}

/** The portal's name in `app.kubernetes.io/managed-by`. */
export const PORTAL_NAME = 'developer-portal';

/** Labels on every workload and pod template of a service. */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  version: 'app.kubernetes.io/version',
  managedBy: 'app.kubernetes.io/managed-by',
  /** The upstream Kubernetes plugin finds an entity's objects by this label. */
  kubernetesId: 'backstage.io/kubernetes-id',
} as const;

/** The prefix of the annotations the portal and its deployers write. */
export const ANNOTATION_PREFIX = 'developer-portal.acme.example';

/** Annotations on a Deployment, written by whoever deploys it (CI, the sandbox's sync). */
export const DEPLOYMENT_ANNOTATIONS = {
  /** The commit the running manifests come from. */
  commitSha: `${ANNOTATION_PREFIX}/commit-sha`,
  /** When that commit was rolled out, ISO 8601. */
  deployedAt: `${ANNOTATION_PREFIX}/deployed-at`,
} as const;

/**
 * Annotations in a scaffolded service's `catalog-info.yaml` that link its
 * page to what the observability actions created.
 */
export const CATALOG_ANNOTATIONS = {
  /** The upstream Grafana plugin's dashboard query, e.g. `tags @> 'invoice-service'`. */
  grafanaDashboardSelector: 'grafana/dashboard-selector',
  /** The upstream Grafana plugin's alert label selector, e.g. `service=invoice-service`. */
  grafanaAlertLabelSelector: 'grafana/alert-label-selector',
  /** The service's SLOs as JSON, as the template's form set them. */
  slo: `${ANNOTATION_PREFIX}/slo`,
  /**
   * The scaffolder task that created the service: that task's clean-up may
   * undo its registration, whoever the service's owner is.
   */
  taskId: `${ANNOTATION_PREFIX}/task-id`,
} as const;

/** Annotations on a namespace the portal created. */
export const NAMESPACE_ANNOTATIONS = {
  /** The catalog entity the namespace belongs to, e.g. `component:default/checkout-service`. */
  entityRef: `${ANNOTATION_PREFIX}/entity-ref`,
  /** The scaffolder task that created it. */
  taskId: `${ANNOTATION_PREFIX}/task-id`,
  /**
   * When a preview namespace expires, an RFC 3339 time such as
   * `2026-12-02T18:00:00.000Z`: the preview reaper deletes it after that.
   */
  expiresAt: `${ANNOTATION_PREFIX}/expires-at`,
} as const;

/**
 * Labels on a namespace the portal created, besides `LABELS.managedBy`: they
 * let clean-up, team caps and deployment status find a service's namespaces.
 * Values are label values (the group's name, not its entity ref).
 */
export const NAMESPACE_LABELS = {
  /** The owning group's name, e.g. `payments-team`. */
  team: `${ANNOTATION_PREFIX}/team`,
  /** The service, e.g. `invoice-service`. */
  service: `${ANNOTATION_PREFIX}/service`,
  /** The environment, e.g. `dev`. */
  environment: `${ANNOTATION_PREFIX}/environment`,
} as const;

/** The field manager of every object the portal applies with server-side apply. */
export const FIELD_MANAGER = PORTAL_NAME;

/** Longest name Kubernetes accepts for a namespace (a DNS-1123 label). */
export const MAX_NAMESPACE_LENGTH = 63;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Whether a name is a DNS-1123 label as Kubernetes checks it: lowercase
 * letters, digits and '-', starting and ending with a letter or digit, at
 * most 63 characters.
 */
export function isDnsLabel(name: string): boolean {
  return name.length <= MAX_NAMESPACE_LENGTH && DNS_LABEL.test(name);
}

/** Namespaces that exist in every cluster and belong to no service. */
export const RESERVED_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/** Prefixes of namespaces that Kubernetes and its distributions keep for themselves. */
export const RESERVED_NAMESPACE_PREFIXES = ['kube-', 'openshift-'];
