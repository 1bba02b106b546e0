import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModulePlatform from '@internal/plugin-scaffolder-backend-module-platform';
import scaffolderModulePlatformGithub from '@internal/plugin-scaffolder-backend-module-platform-github';
import scaffolderModulePlatformKubernetes from '@internal/plugin-scaffolder-backend-module-platform-kubernetes';
import scaffolderModulePlatformObservability from '@internal/plugin-scaffolder-backend-module-platform-observability';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import { readdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, relative, resolve } from 'node:path';
import request from 'supertest';
import yaml from 'yaml';

/** The repository's root, where `templates/` and `examples/` live. */
export const REPO_ROOT = resolve(__dirname, '../../../../..');

const PORTAL_TOKEN = 'ghp_portalSecretToken0123456789abcdef';

/** A signed-in user's Authorization header, for the backend's APIs. */
export const userHeader = mockCredentials.user.header('user:default/guest');

/** A scaffolder task event, as the task and dry-run APIs return them. */
export type TaskEvent = {
  type: string;
  body: {
    message: string;
    stepId?: string;
    status?: string;
    error?: { name: string; message: string };
  };
};

/** A file of a dry run's workspace, as `POST /api/scaffolder/v2/dry-run` answers it. */
export interface DryRunFile {
  path: string;
  base64Content: string;
  executable?: boolean;
}

/** The answer of `POST /api/scaffolder/v2/dry-run`. */
export interface DryRunResult {
  status: number;
  log: TaskEvent[];
  directoryContents: DryRunFile[];
  output: JsonObject;
  /** The whole body, for errors the fields above do not cover. */
  body: unknown;
}

/** The portal's backend as the golden path runs it, with the sandbox behind it. */
export interface TemplateTestBackend {
  sandbox: TestSandbox;
  server: Server;
  /**
   * Runs a template through `POST /api/scaffolder/v2/dry-run` as the
   * portal's editor does: the template and every file of its folder are
   * sent, so `fetch:template` renders the real skeleton with Nunjucks and
   * the platform's actions run in dry-run mode.
   */
  dryRun(
    templateDir: string,
    template: JsonObject,
    values: JsonObject,
  ): Promise<DryRunResult>;
  /** An entity as the catalog holds it, in the default namespace. */
  catalogEntity(kind: string, name: string): Promise<JsonObject>;
  stop(): Promise<void>;
}

/** Every file below `dir`, as the dry-run API takes a template's folder. */
async function directoryContents(dir: string): Promise<DryRunFile[]> {
  const contents: DryRunFile[] = [];
  for (const entry of await readdir(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (entry.isFile()) {
      const file = join(entry.parentPath, entry.name);
      contents.push({
        path: relative(dir, file),
        base64Content: (await readFile(file)).toString('base64'),
      });
    }
  }
  return contents;
}

/**
 * Starts the sandbox (GitHub organisation `acme` with the example teams,
 * clusters `nonprod-cluster` and `prod-cluster`) and the scaffolder backend
 * with the catalog and the platform modules, configured with the portal's
 * own `platform` section. The catalog holds the example groups and systems
 * and the templates named, and is waited for until it has ingested them.
 */
export async function startTemplateTestBackend(options: {
  /** Template folders below `templates/` to register in the catalog. */
  templates: string[];
}): Promise<TemplateTestBackend> {
  const templateNames = await Promise.all(
    options.templates.map(
      async folder =>
        yaml.parse(
          await readFile(
            resolve(REPO_ROOT, 'templates', folder, 'template.yaml'),
            'utf8',
          ),
        ).metadata.name as string,
    ),
  );
  const sandbox = await startTestSandbox({
    github: {
      tokens: [{ token: PORTAL_TOKEN, login: 'developer-portal' }],
      organizations: [
        {
          login: 'acme',
          members: [{ login: 'developer-portal', role: 'admin' }],
          teams: [
            { slug: 'platform-team', name: 'Platform team', members: [] },
            { slug: 'payments-team', name: 'Payments team', members: [] },
          ],
        },
      ],
    },
    clusters: ['nonprod-cluster', 'prod-cluster'],
  });
  let stopBackend = async () => {};
  const stop = async () => {
    try {
      await stopBackend();
    } finally {
      await sandbox.stop();
    }
  };
  try {
    const platform = await portalPlatformConfig();
    const config: JsonObject = {
      ...sandbox.config(),
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: 'http://localhost:7007',
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      // The portal's own standard (cleanup: archive): the golden path's
      // clean-up deletes the repository a failed task created all the same.
      platform,
      catalog: {
        rules: [{ allow: ['Component', 'System', 'Domain', 'Location'] }],
        locations: [
          {
            type: 'file',
            target: resolve(REPO_ROOT, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: resolve(REPO_ROOT, 'examples/domains-systems.yaml'),
          },
          ...options.templates.map(name => ({
            type: 'file',
            target: resolve(REPO_ROOT, 'templates', name, 'template.yaml'),
            rules: [{ allow: ['Template'] }],
          })),
        ],
      },
    };
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderModulePlatform,
        scaffolderModulePlatformKubernetes,
        scaffolderModulePlatformObservability,
        scaffolderModulePlatformGithub,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    const server = backend.server;
    stopBackend = () => backend.stop();

    // The catalog processes its locations in the background.
    const wanted = [
      '/api/catalog/entities/by-name/group/default/payments-team',
      ...templateNames.map(
        name => `/api/catalog/entities/by-name/template/default/${name}`,
      ),
    ];
    let missing = wanted;
    for (let attempt = 0; attempt < 150 && missing.length > 0; attempt++) {
      const answers = await Promise.all(
        missing.map(path =>
          request(server).get(path).set('Authorization', userHeader),
        ),
      );
      missing = missing.filter((_path, i) => answers[i].status !== 200);
      if (missing.length > 0) {
        await new Promise(r => setTimeout(r, 200));
      }
    }
    if (missing.length > 0) {
      throw new Error(
        `The catalog did not ingest ${missing.join(
          ', ',
        )} in time; its processing errors are in the log above`,
      );
    }

    return {
      sandbox,
      server,
      async catalogEntity(kind, name) {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
          .set('Authorization', userHeader);
        if (res.status !== 200) {
          throw new Error(
            `The catalog has no ${kind} ${name} (HTTP ${res.status}): ${res.text}`,
          );
        }
        return res.body;
      },
      async dryRun(templateDir, template, values) {
        const res = await request(server)
          .post('/api/scaffolder/v2/dry-run')
          .set('Authorization', userHeader)
          .send({
            template,
            values,
            secrets: {},
            directoryContents: await directoryContents(templateDir),
          });
        return {
          status: res.status,
          log: res.body.log ?? [],
          directoryContents: res.body.directoryContents ?? [],
          output: res.body.output ?? {},
          body: res.body,
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
