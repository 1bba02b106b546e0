import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigSources, readEnvConfig } from '@backstage/config-loader';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { findUnsetEnvironmentVariables } from './findUnsetEnvironmentVariables';

/**
 * The default root config service, plus a check of the config files before
 * anything starts: each must be valid YAML, and every environment variable
 * it refers to without a fallback must be set, unless a later file or an
 * `APP_CONFIG_` variable replaces the key. Startup fails with one message
 * that names the file, or each variable and the key that reads it.
 */
export const rootConfigServiceFactory = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({ argv: process.argv });
    await checkConfigFiles(await listConfigFiles(source));
    return await ConfigSources.toConfig(source);
  },
});

async function listConfigFiles(
  source: ReturnType<typeof ConfigSources.default>,
): Promise<string[]> {
  const targets = ConfigSources.parseArgs(process.argv)
    .filter(target => target.type === 'path')
    .map(target => resolve(target.target));
  if (targets.length > 0) {
    return targets;
  }
  // Without --config the loader picks its default files; the first batch it reads lists them.
  for await (const { configs } of source.readConfigData()) {
    return configs.flatMap(({ path }) => (path ? [path] : []));
  }
  return [];
}

async function checkConfigFiles(paths: string[]) {
  const files: Array<{ file: string; config: unknown }> = [];
  for (const path of paths) {
    const file = relative(process.cwd(), path);
    const document = parseDocument(await readFile(path, 'utf8'));
    if (document.errors.length > 0) {
      throw new Error(
        `Config file ${file} is not valid YAML: ${document.errors[0].message}`,
      );
    }
    files.push({ file, config: document.toJS() });
  }
  // Later files and APP_CONFIG_ variables take precedence over earlier files.
  const envConfigs = readEnvConfig(process.env).map(({ data }) => data);
  const unset: string[] = [];
  files.forEach(({ file, config }, index) => {
    const overriddenBy = [
      ...files.slice(index + 1).map(later => later.config),
      ...envConfigs,
    ];
    for (const { name, key } of findUnsetEnvironmentVariables(
      config,
      process.env,
      { overriddenBy },
    )) {
      unset.push(`${name} (read by '${key}' in ${file})`);
    }
  });
  if (unset.length > 0) {
    throw new Error(
      `Missing required environment variable${
        unset.length > 1 ? 's' : ''
      }: ${unset.join(', ')}`,
    );
  }
}
