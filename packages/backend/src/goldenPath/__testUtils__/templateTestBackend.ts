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
    const stop = async () => {
      await backend.stop();
      await sandbox.stop();
    };

    // The catalog processes its locations in the background.
    const wanted = [
      '/api/catalog/entities/by-name/group/default/payments-team',
      ...options.templates.map(
        name => `/api/catalog/entities/by-name/template/default/${name}`,
      ),
    ];
    let ingested = false;
    for (let attempt = 0; attempt < 150 && !ingested; attempt++) {
      const answers = await Promise.all(
        wanted.map(path =>
          request(server).get(path).set('Authorization', userHeader),
        ),
      );
      ingested = answers.every(answer => answer.status === 200);
      if (!ingested) {
        await new Promise(r => setTimeout(r, 200));
      }
    }
    if (!ingested) {
      await stop();
      throw new Error(
        `The catalog did not ingest ${wanted.join(', ')} in time`,
      );
    }

    return {
      sandbox,
      server,
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
    await sandbox.stop();
    throw error;
  }
}
