import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  readPlatformConfig,
  type PlatformConfig,
  type ServiceEnvironments,
} from '@internal/plugin-platform-common';
import { PlatformClusters } from '@internal/plugin-platform-node';
import { useTestSandbox } from '@internal/sandbox/testUtils';
import { CoreV1Api } from '@kubernetes/client-node';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';
import type { NameAvailabilityService } from './services/NameAvailability';
import { DefaultServiceEnvironmentsService } from './services/ServiceEnvironments';

jest.setTimeout(30_000);

const ENTITY = 'component:default/invoice-service';
const URL = '/entities/component/default/invoice-service/environments';

const invoiceService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'invoice-service', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments-team' },
};

const small = {
  name: 'small',
  quota: {
    requests: { cpu: '1', memory: '1Gi' },
    limits: { cpu: '2', memory: '2Gi' },
    pods: 10,
    services: 5,
    persistentVolumeClaims: 2,
  },
  limits: {
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    default: { cpu: '500m', memory: '256Mi' },
  },
};

function portalNamespace(
  name: string,
  environment: string,
  annotations: Record<string, string>,
) {
  return {
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/managed-by': 'developer-portal',
        'developer-portal.acme.example/service': 'invoice-service',
        'developer-portal.acme.example/environment': environment,
      },
      annotations: {
        'developer-portal.acme.example/entity-ref': ENTITY,
        ...annotations,
      },
    },
  };
}

/**
 * The plugin's router with the real reader against the sandbox's clusters
 * and response validation on: an answer that strays from
 * src/schema/openapi.yaml is a 500, so every test here checks the spec too.
 */
describe('GET /entities/{kind}/{namespace}/{name}/environments', () => {
  const sandbox = useTestSandbox(
    { github: false, clusters: ['nonprod-cluster', 'prod-cluster'] },
    async started => {
      const core = started
        .cluster('nonprod-cluster')
        .kubeConfig()
        .makeApiClient(CoreV1Api);
      for (const body of [
        portalNamespace('invoice-service-dev', 'dev', {
          'developer-portal.acme.example/task-id': 'golden-path-task',
        }),
        portalNamespace('invoice-service-preview-pr-7', 'preview-pr-7', {
          'developer-portal.acme.example/expires-at':
            '2026-12-02T10:00:00.000Z',
        }),
      ]) {
        await core.createNamespace({ body });
      }
    },
  );

  function platformWith(previews: boolean): {
    config: ConfigReader;
    platform: PlatformConfig;
  } {
    const config = new ConfigReader({
      ...sandbox.config(),
      platform: {
        environments: [
          {
            name: 'dev',
            title: 'Development',
            cluster: 'nonprod-cluster',
            tiers: ['small'],
          },
          { name: 'staging', cluster: 'nonprod-cluster', tiers: ['small'] },
          { name: 'production', cluster: 'prod-cluster', tiers: ['small'] },
        ],
        tiers: [small],
        ...(previews && {
          previews: {
            cluster: 'nonprod-cluster',
            tier: 'small',
            defaultTtlHours: 24,
            maxTtlHours: 168,
          },
        }),
      },
    });
    return { config, platform: readPlatformConfig(config) };
  }

  async function app(
    options: { catalog?: CatalogService; previews?: boolean } = {},
  ) {
    const { config, platform } = platformWith(options.previews ?? true);
    const logger = mockServices.logger.mock();
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      catalog:
        options.catalog ?? catalogServiceMock({ entities: [invoiceService] }),
      platform,
      nameAvailability: {} as NameAvailabilityService,
      serviceEnvironments: new DefaultServiceEnvironmentsService({
        platform,
        clusters: PlatformClusters.fromConfig(config, { logger }),
        logger,
      }),
      validateResponses: true,
    });
    const middleware = MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger,
    });
    return express().use(router).use(middleware.error());
  }

  it("lists the service's namespace in every environment, and its previews, reading only", async () => {
    const response = await request(await app()).get(URL);
    expect(response.status).toBe(200);
    expect(response.body).toEqual<ServiceEnvironments>({
      entityRef: ENTITY,
      environments: [
        {
          name: 'dev',
          title: 'Development',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-dev',
          present: true,
          ownedBy: ENTITY,
        },
        {
          name: 'staging',
          title: 'staging',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-staging',
          present: false,
        },
        {
          name: 'production',
          title: 'production',
          cluster: 'prod-cluster',
          namespace: 'invoice-service-production',
          present: false,
        },
      ],
      previews: [
        {
          name: 'preview-pr-7',
          title: 'Preview pr-7',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-preview-pr-7',
          present: true,
          ownedBy: ENTITY,
          suffix: 'pr-7',
          expiresAt: '2026-12-02T10:00:00.000Z',
        },
      ],
    });
    expect(sandbox.writes()).toEqual([]);
  });

  it('lists no previews when none can be requested', async () => {
    const response = await request(await app({ previews: false })).get(URL);
    expect(response.status).toBe(200);
    expect(response.body.previews).toEqual([]);
    expect(response.body.previewsError).toBeUndefined();
  });

  it('answers for the clusters that answer, naming the one that did not', async () => {
    sandbox.cluster('prod-cluster').faults.add({
      path: '/api/v1/namespaces/*',
      status: 503,
    });
    sandbox.cluster('nonprod-cluster').faults.add({
      path: '/api/v1/namespaces',
      status: 503,
    });
    const response = await request(await app()).get(URL);
    expect(response.status).toBe(200);
    const [dev, staging, production] = response.body.environments;
    expect(dev.present).toBe(true);
    expect(staging.present).toBe(false);
    expect(staging.error).toBeUndefined();
    expect(production).toEqual({
      name: 'production',
      title: 'production',
      cluster: 'prod-cluster',
      namespace: 'invoice-service-production',
      present: false,
      error: expect.stringMatching(
        /^Could not read Namespace invoice-service-production on cluster prod-cluster: HTTP 503/,
      ),
    });
    expect(response.body.previews).toEqual([]);
    expect(response.body.previewsError).toMatch(
      /^Could not list Namespaces of service invoice-service on cluster nonprod-cluster: HTTP 503/,
    );
    // A form is waiting: one attempt each.
    expect(
      sandbox.cluster('prod-cluster').requests.count({
        path: '/api/v1/namespaces/invoice-service-production',
      }),
    ).toBe(1);
  });

  it('tells a caller who may not read the entity nothing, and reads no cluster', async () => {
    const asked: unknown[] = [];
    // The catalog applies catalog.entity.read for the caller's credentials:
    // here only the owner's member sees the entity.
    const catalog = catalogServiceMock.mock({
      getEntityByRef: async (ref, options) => {
        asked.push(options);
        const principal = (
          options as { credentials: { principal: { userEntityRef?: string } } }
        ).credentials.principal;
        return principal.userEntityRef === 'user:default/sofia.martinez' &&
          ref === ENTITY
          ? invoiceService
          : undefined;
      },
    });
    const server = await app({ catalog });

    const other = await request(server)
      .get(URL)
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/emma.johnson'),
      );
    expect(other.status).toBe(404);
    expect(other.body.error).toMatchObject({
      name: 'NotFoundError',
      message: `No entity ${ENTITY}`,
    });
    expect(asked).toEqual([
      {
        credentials: mockCredentials.user('user:default/emma.johnson'),
      },
    ]);
    expect(sandbox.cluster('nonprod-cluster').requests.count()).toBe(0);
    expect(sandbox.cluster('prod-cluster').requests.count()).toBe(0);

    const owner = await request(server)
      .get(URL)
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/sofia.martinez'),
      );
    expect(owner.status).toBe(200);
  });

  it('refuses anonymous callers and kinds other than Component', async () => {
    const server = await app();
    const anonymous = await request(server)
      .get(URL)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);

    const group = await request(server).get(
      '/entities/group/default/payments-team/environments',
    );
    expect(group.status).toBe(400);
    expect(group.body.error.message).toBe(
      "kind: must be component, the kind of a service; got 'group'",
    );
  });
});
