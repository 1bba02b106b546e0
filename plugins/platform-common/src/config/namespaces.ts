import { isDnsLabel } from '../conventions';
import type {
  PlatformConfig,
  PlatformEnvironment,
  PlatformPreviews,
} from './types';

/** The namespace naming rule of an environment that sets none. */
export const DEFAULT_NAMESPACE_PATTERN = '{service}-{environment}';

/**
 * The namespace of a service in an environment, by the environment's naming
 * rule (`{service}-{environment}` unless configured otherwise).
 */
export function namespaceFor(
  environment: Pick<PlatformEnvironment, 'name' | 'namespace'>,
  service: string,
): string {
  return environment.namespace
    .replace(/\{service\}/g, service)
    .replace(/\{environment\}/g, environment.name);
}

/**
 * How the name of a preview environment starts: `preview-<suffix>`, e.g.
 * `preview-pr-42`. Its namespace is `<service>-preview-<suffix>`.
 */
export const PREVIEW_ENVIRONMENT_PREFIX = 'preview-';

/** The longest suffix of a preview environment's name. */
export const MAX_PREVIEW_SUFFIX_LENGTH = 20;

/** Whether an environment name names a preview, `preview-<suffix>`. */
export function isPreviewEnvironmentName(name: string): boolean {
  return name.startsWith(PREVIEW_ENVIRONMENT_PREFIX);
}

/**
 * Whether a preview suffix is valid: a DNS-1123 label of at most
 * MAX_PREVIEW_SUFFIX_LENGTH characters.
 */
export function isPreviewSuffix(suffix: string): boolean {
  return suffix.length <= MAX_PREVIEW_SUFFIX_LENGTH && isDnsLabel(suffix);
}

/**
 * The environment of a preview: `preview-<suffix>` on the previews' cluster,
 * with their tier, its namespace `<service>-preview-<suffix>`.
 */
export function previewEnvironment(
  previews: PlatformPreviews,
  suffix: string,
): PlatformEnvironment {
  return {
    name: `${PREVIEW_ENVIRONMENT_PREFIX}${suffix}`,
    title: `Preview ${suffix}`,
    cluster: previews.cluster,
    namespace: DEFAULT_NAMESPACE_PATTERN,
    tiers: [previews.tier],
    approval: false,
    preview: true,
  };
}

/**
 * The environment a name stands for: one of `platform.environments`, or a
 * preview (`preview-<suffix>` with a valid suffix) when `platform.previews`
 * is configured; undefined otherwise.
 */
export function findEnvironment(
  platform: Pick<PlatformConfig, 'environments' | 'previews'>,
  name: string,
): PlatformEnvironment | undefined {
  const configured = platform.environments.find(e => e.name === name);
  if (configured) return configured;
  if (!platform.previews || !isPreviewEnvironmentName(name)) return undefined;
  const suffix = name.slice(PREVIEW_ENVIRONMENT_PREFIX.length);
  return isPreviewSuffix(suffix)
    ? previewEnvironment(platform.previews, suffix)
    : undefined;
}

/**
 * The environments that names stand for, in promotion order (the configured
 * ones first, then previews in the order given); names that stand for none
 * are left out.
 */
export function resolveEnvironments(
  platform: Pick<PlatformConfig, 'environments' | 'previews'>,
  names: string[],
): PlatformEnvironment[] {
  const configured = platform.environments.filter(e => names.includes(e.name));
  const previews = [...new Set(names)]
    .map(name => findEnvironment(platform, name))
    .filter((e): e is PlatformEnvironment => Boolean(e?.preview));
  return [...configured, ...previews];
}
