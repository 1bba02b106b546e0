import {
  AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { Server } from 'node:http';
import { resolve as resolvePath } from 'node:path';
import request from 'supertest';
import { permissionModulePlatformPolicy } from './module';

// The real auth service passes a user on to another plugin with the calling
// plugin as the actor, and the permission backend relies on that actor to
// accept resource permissions without a resource ref. The mock auth service
// leaves the actor out, so add it the way the real one does.
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
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
        return auth.getPluginRequestToken(options);
      };
    return Object.assign(auth, { getPluginRequestToken });
  },
});

// Ownership as the auth backend would resolve it from group membership.
const groupsByUser: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
  'user:default/carol': ['group:default/platform-team'],
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [
          userEntityRef,
          ...(groupsByUser[userEntityRef] ?? []),
        ],
      };
    },
  }),
});

// The catalog only accepts url locations through its API by default; a file
// location keeps the test data next to the test.
const catalogModuleFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-file-locations',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');
const carol = mockCredentials.user.header('user:default/carol');

describe('platform permission policy in a backend', () => {
  let server: Server;
  let locationId: string;

  async function uidOf(name: string): Promise<string> {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/component/default/${name}`)
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    return res.body.metadata.uid;
  }

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        permissionModulePlatformPolicy,
        catalogModuleFileLocations,
        // The real HTTP auth service, so that a request without a token
        // meets the same credentials check as in production.
        httpAuthServiceFactory,
        authFactory,
        userInfoFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            permission: { enabled: true },
            platform: {
              permissions: { adminGroups: ['group:default/platform-team'] },
            },
            catalog: { rules: [{ allow: ['Component', 'Location'] }] },
          },
        }),
      ],
    }));

    const created = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', alice)
      .send({
        type: 'file',
        target: resolvePath(__dirname, '__fixtures__/entities.yaml'),
      });
    // Registering is open to signed-in users, the scaffolder relies on it.
    if (created.status !== 201) {
      throw new Error(
        `Registering the test location failed with ${
          created.status
        }: ${JSON.stringify(created.body)}`,
      );
    }
    locationId = created.body.location.id;

    // Processing runs in the background; wait until all entities are stitched.
    for (let attempt = 0; attempt < 100; attempt++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-query')
        .query({ filter: 'kind=component' })
        .set('Authorization', alice);
      if (res.body.items?.length === 3) {
        return;
      }
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error('The catalog did not ingest the test entities in time');
  }, 60_000);

  it('rejects requests without credentials', async () => {
    const res = await request(server).get('/api/catalog/entities');
    expect(res.status).toBe(401);
  });

  it('rejects requests with an invalid token', async () => {
    const res = await request(server)
      .get('/api/catalog/entities')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(res.status).toBe(401);
  });

  it('serves the catalog to signed-in users', async () => {
    const res = await request(server)
      .get('/api/catalog/entities')
      .set('Authorization', bob);
    expect(res.status).toBe(200);
    expect(res.body.map((e: any) => e.metadata.name)).toEqual(
      expect.arrayContaining([
        'team-a-first-service',
        'team-a-second-service',
        'team-b-service',
      ]),
    );
  });

  it('lets a member of the owning group delete the entity', async () => {
    const uid = await uidOf('team-a-first-service');

    const res = await request(server)
      .delete(`/api/catalog/entities/by-uid/${uid}`)
      .set('Authorization', alice);
    expect(res.status).toBe(204);

    const gone = await request(server)
      .get(`/api/catalog/entities/by-uid/${uid}`)
      .set('Authorization', alice);
    expect(gone.status).toBe(404);
  });

  it('refuses deletion to a user who neither owns the entity nor is an admin', async () => {
    const uid = await uidOf('team-a-second-service');

    const res = await request(server)
      .delete(`/api/catalog/entities/by-uid/${uid}`)
      .set('Authorization', bob);
    expect(res.status).toBe(403);

    const kept = await request(server)
      .get(`/api/catalog/entities/by-uid/${uid}`)
      .set('Authorization', bob);
    expect(kept.status).toBe(200);
  });

  it('lets a member of an admin group delete any entity', async () => {
    const uid = await uidOf('team-a-second-service');

    const res = await request(server)
      .delete(`/api/catalog/entities/by-uid/${uid}`)
      .set('Authorization', carol);
    expect(res.status).toBe(204);
  });

  it('lets only admins unregister a location', async () => {
    const owner = await request(server)
      .delete(`/api/catalog/locations/${locationId}`)
      .set('Authorization', alice);
    expect(owner.status).toBe(403);

    const admin = await request(server)
      .delete(`/api/catalog/locations/${locationId}`)
      .set('Authorization', carol);
    expect(admin.status).toBe(204);
  });
});
