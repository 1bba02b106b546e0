import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** The options of one `catalog` entry of `kubernetes.clusterLocatorMethods`. */
interface CatalogLocatorOptions {
  dangerouslyAllowClusterUrls: string[];
  dangerouslyAllowSkipTLSVerify: boolean;
}

function readOptions(locator: Config): CatalogLocatorOptions {
  return {
    dangerouslyAllowClusterUrls:
      locator.getOptionalStringArray('dangerouslyAllowClusterUrls') ?? [],
    dangerouslyAllowSkipTLSVerify:
      locator.getOptionalBoolean('dangerouslyAllowSkipTLSVerify') ?? false,
  };
}

function ipv4Parts(ip: string): number[] | undefined {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every(p => p >= 0 && p <= 255)
    ? parts
    : undefined;
}

/** Whether an IP address is not a public unicast one (private, loopback, link-local, ...). */
export function isNonPublicIp(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = ipv4Parts(mapped ? mapped[1] : ip);
  if (v4) {
    const [a, b] = v4;
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0 && v4[2] === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (isIP(ip) !== 6) return true;
  const first = ip.toLowerCase().split(':')[0];
  const head = parseInt(first || '0', 16);
  return (
    /^::1?$/.test(ip) ||
    (head & 0xfe00) === 0xfc00 || // unique local
    (head & 0xffc0) === 0xfe80 || // link-local
    (head & 0xff00) === 0xff00 // multicast
  );
}

function matchesPattern(hostname: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith('*.')
    ? hostname.endsWith(p.slice(1)) || hostname === p.slice(2)
    : hostname === p;
}

/**
 * As the upstream catalog locator checks an entity's API server URL: a
 * valid http(s) URL without credentials; unless its host is one of
 * `dangerouslyAllowClusterUrls`, HTTPS to a host that is not (and does not
 * resolve to) a private, loopback or otherwise non-public address, so an
 * entity cannot point the backend at its own network.
 */
export async function checkApiServerUrl(
  url: string | undefined,
  options: CatalogLocatorOptions,
): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    throw new Error('its API server URL is not a valid URL');
  }
  if (parsed.username || parsed.password) {
    throw new Error('its API server URL must not contain credentials');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error('its API server URL must use the HTTP or HTTPS scheme');
  }
  const hostname = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (
    options.dangerouslyAllowClusterUrls.some(p => matchesPattern(hostname, p))
  ) {
    return;
  }
  if (parsed.protocol !== 'https:') {
    throw new Error('its API server URL must use the HTTPS scheme');
  }
  if (isIP(hostname)) {
    if (isNonPublicIp(hostname)) {
      throw new Error(
        'its API server URL must not use a non-public IP address',
      );
    }
    return;
  }
  const addresses = await lookup(hostname, { all: true });
  if (addresses.some(a => isNonPublicIp(a.address))) {
    throw new Error(
      `its API server URL hostname "${hostname}" resolves to a non-public address`,
    );
  }
}

/** The entity's `kubernetes.io/` annotations, never a service account token. */
function authMetadataOf(annotations: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(annotations).filter(
      ([key]) =>
        key.startsWith('kubernetes.io/') && key !== 'serviceAccountToken',
    ),
  );
}

/**
 * The clusters a `catalog` cluster locator finds, read as the upstream
 * Kubernetes backend reads them: Resource entities of type
 * `kubernetes-cluster` with the `kubernetes.io/api-server`,
 * `kubernetes.io/api-server-certificate-authority` and
 * `kubernetes.io/auth-provider` annotations, named by the entity's name. An
 * entity whose auth provider is `serviceAccount` (a token cannot come from
 * the catalog) or whose URL fails `checkApiServerUrl` is left out with a
 * warning naming it; `kubernetes.io/skip-tls-verify` counts only with the
 * locator's `dangerouslyAllowSkipTLSVerify`.
 */
export async function readCatalogClusters(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  locator: Config;
  logger: LoggerService;
}): Promise<ClusterDetails[]> {
  const { catalog, credentials, logger } = options;
  const locatorOptions = readOptions(options.locator);
  const annotation = (key: string) => `metadata.annotations.${key}`;
  const { items } = await catalog.getEntities(
    {
      filter: [
        {
          kind: 'Resource',
          'spec.type': 'kubernetes-cluster',
          [annotation(ANNOTATION_KUBERNETES_API_SERVER)]: CATALOG_FILTER_EXISTS,
          [annotation(ANNOTATION_KUBERNETES_API_SERVER_CA)]:
            CATALOG_FILTER_EXISTS,
          [annotation(ANNOTATION_KUBERNETES_AUTH_PROVIDER)]:
            CATALOG_FILTER_EXISTS,
        },
      ],
    },
    { credentials },
  );
  const clusters: ClusterDetails[] = [];
  for (const entity of items as Entity[]) {
    const name = entity.metadata.name;
    const annotations = entity.metadata.annotations ?? {};
    const ignore = (why: string) =>
      logger.warn(`Ignoring kubernetes-cluster Resource "${name}": ${why}`);
    if (annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER] === 'serviceAccount') {
      ignore(
        'the catalog cluster locator does not support the serviceAccount auth provider',
      );
      continue;
    }
    const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
    try {
      await checkApiServerUrl(url, locatorOptions);
    } catch (error) {
      ignore((error as Error).message);
      continue;
    }
    clusters.push({
      name,
      title: entity.metadata.title,
      url,
      authMetadata: authMetadataOf(annotations),
      caData: annotations[ANNOTATION_KUBERNETES_API_SERVER_CA],
      skipMetricsLookup:
        annotations[ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP] === 'true',
      skipTLSVerify:
        locatorOptions.dangerouslyAllowSkipTLSVerify &&
        annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
    });
  }
  return clusters;
}
