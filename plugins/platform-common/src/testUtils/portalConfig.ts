import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import type { JsonObject } from '@backstage/types';
import { resolve } from 'node:path';

/** The repository's root, where app-config.yaml lives. */
const ROOT = resolve(__dirname, '../../../..');

/**
 * The portal's own app-config.yaml as the backend reads it (no other file,
 * no environment), so tests and benches see the example environments,
 * tiers, clusters and GitHub standard a developer gets.
 */
export async function loadPortalConfig(): Promise<ConfigReader> {
  const { appConfigs } = await loadConfig({
    configRoot: ROOT,
    configTargets: [{ path: resolve(ROOT, 'app-config.yaml') }],
  });
  return ConfigReader.fromConfigs(appConfigs);
}

/** The `platform` section of the portal's own app-config.yaml. */
export async function portalPlatformConfig(): Promise<JsonObject> {
  return (await loadPortalConfig()).get('platform') as JsonObject;
}
