import {
  coreServices,
  createServiceFactory,
  type AuthService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import type { JsonObject } from '@backstage/types';
import permissionModulePlatformPolicy from '@internal/plugin-permission-backend-module-platform-policy';
import platformPlugin from '@internal/plugin-platform-backend';
import {
  loadPortalConfig,
  portalPlatformConfig,
} from '@internal/plugin-platform-common/testUtils';
import scaffolderModulePlatform from '@internal/plugin-scaffolder-backend-module-platform';
import scaffolderModulePlatformGithub from '@internal/plugin-scaffolder-backend-module-platform-github';
import scaffolderModulePlatformKubernetes from '@internal/plugin-scaffolder-backend-module-platform-kubernetes';
import scaffolderModulePlatformObservability from '@internal/plugin-scaffolder-backend-module-platform-observability';
import { readSandboxNodes } from '@internal/sandbox';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { catalogModuleFilePlaceholders } from '../../catalog/catalogModuleFilePlaceholders';

export const root = resolve(__dirname, '../../../../..');
const PORTAL_TOKEN = 'ghp_portalSecretToken0123456789abcdef';

export type TaskEvent = {
  type: string;
  body: {
    message: string;
    stepId?: string;
    status?: string;
    error?: { name: string; message: string };
    /** On the completion event of a task that completed: the template's output. */
    output?: Record<string, unknown>;
  };
};

/** How a task ended, as its page and event log show it. */
export interface TaskResult {
  id: string;
  status: string;
  /** The error the task failed with, as the task page shows it. */
  message: string;
  completed: string[];
  skipped: string[];
  failed: string[];
  /** The template's output (links, text), as the task page shows it; empty when it failed. */
  output: Record<string, unknown>;
  log: TaskEvent[];
}

/** The Authorization header of a signed-in user, e.g. `user:default/guest`. */
export const signedIn = (userEntityRef: string) =>
  mockCredentials.user.header(userEntityRef);

/**
 * The real auth service passes a user on to another plugin with the calling
 * plugin as the actor, and the permission backend relies on that actor to
 * accept resource permissions without a resource ref (the catalog's reads on
 * a user's behalf). The mock auth service leaves the actor out, so add it
 * the way the real one does.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
    const forService = auth.getPluginRequestToken.bind(auth);
    const getPluginRequestToken: AuthService['getPluginRequestToken'] =
      async options => {
        if (auth.isPrincipal(options.onBehalfOf, 'user')) {
          return {
            token: mockCredentials.user.token(
              options.onBehalfOf.principal.userEntityRef,
              { actor: { subject: `plugin:${pluginId}` } },
            ),
          };
        }
        return forService(options);
      };
    return Object.assign(auth, { getPluginRequestToken });
  },
});

/**
 * A user's ownership refs as the sign-in resolver gives them: the user and
 * the groups of their `memberOf` in the example organisation.
 */
const userInfoFromExampleOrg = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory() {
    const memberOf = new Map<string, string[]>();
    for (const entity of yaml.parseAllDocuments(
      readFileSync(resolve(root, 'examples/org.yaml'), 'utf8'),
    )) {
      const { kind, metadata, spec } = entity.toJS();
      if (kind === 'User') {
        memberOf.set(
          `user:default/${metadata.name}`,
          (spec.memberOf ?? []).map(
            (group: string) => `group:default/${group}`,
          ),
        );
      }
    }
    return {
      async getUserInfo(credentials) {
        const { userEntityRef } = credentials.principal as {
          userEntityRef: string;
        };
        return {
          userEntityRef,
          ownershipEntityRefs: [
            userEntityRef,
            ...(memberOf.get(userEntityRef) ?? []),
          ],
        };
      },
    };
  },
});

export interface TestPortal {
  sandbox: TestSandbox;
  server: Server;
  /** Creates a task of a template through the scaffolder's API, as a user, and waits until it ends. */
  runTask(options: {
    template: string;
    values: JsonObject;
    user?: string;
  }): Promise<TaskResult>;
  /**
   * Runs a template through the scaffolder's dry-run API (as the template
   * editor does), with its folder's files, as a user; its answer and log.
   */
  dryRun(options: {
    template: string;
    values: JsonObject;
    user?: string;
  }): Promise<{ status: number; body: any; log: TaskEvent[] }>;
  /** A GET of the portal's API as a user, e.g. what a template form asks. */
  get(path: string, user?: string): Promise<{ status: number; body: any }>;
  namespaceExists(cluster: string, namespace: string): boolean;
  repository(name: string): { archived: boolean } | undefined;
  /** The catalog's answer for component:default/<name>: 200 or 404. */
  entityStatus(name: string): Promise<number>;
  stop(): Promise<void>;
}

/** The clusters of the portal's own config, which the sandbox serves in `yarn start`. */
const CLUSTERS = ['nonprod-cluster', 'prod-cluster'];

/**
 * The portal's scaffolder as it runs templates: the scaffolder backend with
 * the platform modules, the platform backend the template forms ask, the
 * catalog holding the templates and the example organisation and systems,
 * against the sandbox's GitHub and clusters (with the nodes app-config.yaml
 * gives them, GPU nodes among them). With
 * `permissions`, the permission backend decides with the portal's own
 * policy (owners and `platform.permissions.adminGroups` may delete), users
 * belonging to their groups in `examples/org.yaml`.
 */
export async function startTestPortal(options: {
  /** Template folders under templates/, e.g. golden-path-service. */
  templates: string[];
  permissions?: boolean;
  /** Environments whose pushed deploy/<environment>/ the sandbox's sync applies, as in `yarn start`. */
  environments?: { name: string; cluster: string }[];
}): Promise<TestPortal> {
  const nodes = readSandboxNodes(await loadPortalConfig(), new Set(CLUSTERS));
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
    clusters: CLUSTERS.map(name => ({ name, nodes: nodes.get(name) })),
    ...(options.environments && { environments: options.environments }),
  });
  const platform = await portalPlatformConfig();
  const config: JsonObject = {
    ...sandbox.config(),
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      baseUrl: 'http://localhost:7007',
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    // The portal's own standard (cleanup: archive) and admin groups.
    platform,
    ...(options.permissions && { permission: { enabled: true } }),
    catalog: {
      rules: [{ allow: ['Component', 'System', 'Domain', 'Location'] }],
      locations: [
        {
          type: 'file',
          target: resolve(root, 'examples/org.yaml'),
          rules: [{ allow: ['User', 'Group'] }],
        },
        {
          type: 'file',
          target: resolve(root, 'examples/domains-systems.yaml'),
        },
        ...options.templates.map(template => ({
          type: 'file',
          target: resolve(root, 'templates', template, 'template.yaml'),
          rules: [{ allow: ['Template'] }],
        })),
      ],
    },
  };
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      catalogModuleFilePlaceholders,
      scaffolderPlugin,
      scaffolderModulePlatform,
      scaffolderModulePlatformKubernetes,
      scaffolderModulePlatformObservability,
      scaffolderModulePlatformGithub,
      platformPlugin,
      ...(options.permissions
        ? [
            permissionPlugin,
            permissionModulePlatformPolicy,
            authWithActors,
            userInfoFromExampleOrg,
          ]
        : []),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const server = backend.server;
  const guest = signedIn('user:default/guest');

  // The catalog processes its locations in the background.
  const ingested = async (paths: string[]) => {
    const answers = await Promise.all(
      paths.map(path => request(server).get(path).set('Authorization', guest)),
    );
    return answers.every(answer => answer.status === 200);
  };
  const paths = [
    ...options.templates.map(
      template => `/api/catalog/entities/by-name/template/default/${template}`,
    ),
    '/api/catalog/entities/by-name/group/default/payments-team',
  ];
  let ready = false;
  for (let attempt = 0; attempt < 150 && !ready; attempt++) {
    ready = await ingested(paths);
    if (!ready) await new Promise(r => setTimeout(r, 200));
  }
  if (!ready) {
    await backend.stop();
    await sandbox.stop();
    throw new Error('The catalog did not ingest the templates in time');
  }

  return {
    sandbox,
    server,
    async runTask({ template, values, user = 'user:default/guest' }) {
      const authorization = signedIn(user);
      const created = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', authorization)
        .send({ templateRef: `template:default/${template}`, values });
      if (created.status !== 201) {
        throw new Error(
          `Creating the task failed with ${created.status}: ${JSON.stringify(
            created.body,
          )}`,
        );
      }
      const id: string = created.body.id;
      for (;;) {
        const task = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set('Authorization', authorization);
        if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
          const events = await request(server)
            .get(`/api/scaffolder/v2/tasks/${id}/events`)
            .set('Authorization', authorization);
          const log: TaskEvent[] = events.body;
          const completion = log.find(e => e.type === 'completion');
          const steps = (status: string) =>
            log
              .filter(e => e.body.stepId && e.body.status === status)
              .map(e => e.body.stepId!)
              .filter((step, i, all) => all.indexOf(step) === i);
          return {
            id,
            status: task.body.status as string,
            message: completion?.body.error?.message ?? '',
            completed: steps('completed'),
            skipped: steps('skipped'),
            failed: steps('failed'),
            // The task itself holds no output: the completion event has it.
            output: completion?.body.output ?? {},
            log,
          };
        }
        await new Promise(r => setTimeout(r, 250));
      }
    },
    async dryRun({ template, values, user = 'user:default/guest' }) {
      const templateDir = resolve(root, 'templates', template);
      const files = await readdir(templateDir, { recursive: true });
      const directoryContents = [];
      for (const file of files) {
        const content = await readFile(join(templateDir, file)).catch(
          () => undefined,
        );
        if (content) {
          directoryContents.push({
            path: file,
            base64Content: content.toString('base64'),
          });
        }
      }
      // The template as the catalog serves it: its shared parts in place.
      const entity = await request(server)
        .get(`/api/catalog/entities/by-name/template/default/${template}`)
        .set('Authorization', signedIn(user));
      const res = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', signedIn(user))
        .send({
          template: entity.body,
          values,
          secrets: {},
          directoryContents,
        });
      return { status: res.status, body: res.body, log: res.body.log ?? [] };
    },
    async get(path, user = 'user:default/guest') {
      const res = await request(server)
        .get(path)
        .set('Authorization', signedIn(user));
      return { status: res.status, body: res.body };
    },
    namespaceExists: (cluster, namespace) =>
      Boolean(sandbox.cluster(cluster).get('v1', 'Namespace', namespace)),
    repository: name => sandbox.github.repository('acme', name),
    entityStatus: async name =>
      (
        await request(server)
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set('Authorization', guest)
      ).status,
    async stop() {
      await backend.stop();
      await sandbox.stop();
    },
  };
}
