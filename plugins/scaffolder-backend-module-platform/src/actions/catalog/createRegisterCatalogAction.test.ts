import { ConfigReader } from '@backstage/config';
import {
  startTestSandbox,
  TEST_TOKENS,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { startTestCatalog } from '../../__testUtils__/testCatalog';
import { createRegisterCatalogAction } from './createRegisterCatalogAction';
import { createUnregisterCatalogAction } from './createUnregisterCatalogAction';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

jest.setTimeout(60_000);

/** Runs a handler as a task step would; a failure is returned, not thrown. */
async function runAction(
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  options: { dryRun?: boolean } = {},
) {
  const outputs: Record<string, any> = {};
  const ctx = {
    ...createMockActionContext({ input: input as any }),
    isDryRun: options.dryRun ?? false,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
  };
  try {
    await action.handler(ctx as any);
  } catch (error) {
    return { outputs, error: error as Error };
  }
  return { outputs, error: undefined };
}

const credentials = { credentials: mockCredentials.user() };

const catalogInfo = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/payments-team
`;

describe('platform:catalog:register and platform:catalog:unregister, against the catalog backend', () => {
  let sandbox: TestSandbox;
  let catalog: CatalogService;
  let stopCatalog: () => Promise<void>;
  let config: ConfigReader;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const octokit = sandbox.github.octokit(TEST_TOKENS.admin);
    for (const name of ['billing-service', 'ledger-service']) {
      await octokit.rest.repos.createInOrg({ org: 'acme', name });
      await octokit.rest.repos.createOrUpdateFileContents({
        owner: 'acme',
        repo: name,
        path: 'catalog-info.yaml',
        message: 'Add catalog-info.yaml',
        content: Buffer.from(catalogInfo(name)).toString('base64'),
      });
    }
    const data = sandbox.config();
    ({ catalog, stop: stopCatalog } = await startTestCatalog(data));
    config = new ConfigReader(data);
  });
  afterAll(async () => {
    await stopCatalog?.();
    await sandbox?.stop();
  });

  const contentsUrl = (repo: string) =>
    `${sandbox.github.server.url}/acme/${repo}/blob/main`;
  const register = (input: Record<string, unknown>, dryRun = false) =>
    runAction(
      createRegisterCatalogAction({ config, catalog, pollIntervalMs: 100 }),
      input,
      { dryRun },
    );
  const unregister = (
    input: Record<string, unknown>,
    dryRun = false,
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) =>
    runAction(
      createUnregisterCatalogAction({
        config,
        catalog,
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        permissions: mockServices.permissions({ result }),
        pollIntervalMs: 100,
      }),
      input,
      { dryRun },
    );

  it('registers nothing in a dry run and says it would', async () => {
    const { outputs, error } = await register(
      { repoContentsUrl: contentsUrl('billing-service') },
      true,
    );
    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      created: true,
      // The GitHub integration's form of a file URL.
      catalogInfoUrl: `${sandbox.github.server.url}/acme/billing-service/tree/main/catalog-info.yaml`,
    });
    expect(await catalog.getLocations({}, credentials)).toEqual({ items: [] });
  });

  it('registers the catalog file; the entity is in the catalog when the step ends', async () => {
    const started = Date.now();
    const { outputs, error } = await register({
      repoContentsUrl: contentsUrl('billing-service'),
    });
    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      created: true,
      entityRef: 'component:default/billing-service',
      locationId: expect.any(String),
    });
    expect(
      await catalog.getEntityByRef(
        'component:default/billing-service',
        credentials,
      ),
    ).toMatchObject({ metadata: { name: 'billing-service' } });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('on a re-run finds the location registered already and succeeds without creating it', async () => {
    const { outputs, error } = await register({
      repoContentsUrl: contentsUrl('billing-service'),
    });
    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      created: false,
      entityRef: 'component:default/billing-service',
    });
    const { items } = await catalog.getLocations({}, credentials);
    expect(
      items.filter(l => l.target.includes('billing-service')),
    ).toHaveLength(1);
  });

  it('takes a 409 from the catalog (registered since it looked) as registered already', async () => {
    const url = `${contentsUrl('ledger-service')}/catalog-info.yaml`;
    const racing: CatalogService = {
      ...catalog,
      getLocationByRef: jest
        .fn()
        .mockResolvedValueOnce(undefined)
        .mockImplementation((ref, options) =>
          catalog.getLocationByRef(ref, options),
        ),
      getEntityByRef: (ref, options) => catalog.getEntityByRef(ref, options),
      addLocation: (location, options) =>
        catalog.addLocation(location, options),
      refreshEntity: (ref, options) => catalog.refreshEntity(ref, options),
    } as CatalogService;
    await catalog.addLocation({ type: 'url', target: url }, credentials);
    const { outputs, error } = await runAction(
      createRegisterCatalogAction({
        config,
        catalog: racing,
        pollIntervalMs: 100,
      }),
      { catalogInfoUrl: url, waitSeconds: 0 },
    );
    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      created: false,
      entityRef: 'component:default/ledger-service',
      locationId: expect.any(String),
    });
  });

  it('with onFailure: report, reports a catalog file that is not there', async () => {
    const { outputs, error } = await register({
      repoContentsUrl: contentsUrl('missing-service'),
      onFailure: 'report',
    });
    expect(error).toBeUndefined();
    expect(outputs.failed).toBe(true);
    expect(outputs.error).toMatch(
      /^Reading http:\/\/127\.0\.0\.1:\d+\/acme\/missing-service\/tree\/main\/catalog-info\.yaml: /,
    );
  });

  it('names the field when no integration serves the URL', async () => {
    const { error } = await register({
      repoContentsUrl: 'https://git.example.net/acme/x/blob/main',
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      'repoContentsUrl: no integration is configured for https://git.example.net/acme/x/blob/main',
    );
  });

  it('unregister removes the location and its entity; nothing in a dry run, nothing to do when gone', async () => {
    const catalogInfoUrl = `${sandbox.github.server.url}/acme/billing-service/tree/main/catalog-info.yaml`;
    const dry = await unregister({ catalogInfoUrl }, true);
    expect(dry.outputs.action).toBe('removed');
    expect(
      await catalog.getLocationByRef(`url:${catalogInfoUrl}`, credentials),
    ).toBeDefined();

    const { outputs, error } = await unregister({ catalogInfoUrl });
    expect(error).toBeUndefined();
    expect(outputs.action).toBe('removed');
    expect(
      await catalog.getLocationByRef(`url:${catalogInfoUrl}`, credentials),
    ).toBeUndefined();
    expect(
      await catalog.getEntityByRef(
        'component:default/billing-service',
        credentials,
      ),
    ).toBeUndefined();

    expect((await unregister({ catalogInfoUrl })).outputs.action).toBe(
      'absent',
    );
  });

  it('unregister with entityRef removes the entity and its location, once the initiator may delete it', async () => {
    const entityRef = 'component:default/ledger-service';
    const locationRef = `url:${contentsUrl(
      'ledger-service',
    )}/catalog-info.yaml`;
    for (let i = 0; i < 100; i++) {
      if (await catalog.getEntityByRef(entityRef, credentials)) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(await catalog.getEntityByRef(entityRef, credentials)).toBeDefined();

    const denied = await unregister({ entityRef }, false, AuthorizeResult.DENY);
    expect(denied.error?.name).toBe('NotAllowedError');
    expect(denied.error?.message).toBe(
      'user:default/mock may not remove component:default/ledger-service: only members of its owner and of the admin groups may delete it. Nothing was changed.',
    );
    const dry = await unregister({ entityRef }, true);
    expect(dry.outputs).toEqual({
      action: 'removed',
      location: locationRef,
      failed: false,
    });
    expect(
      await catalog.getLocationByRef(locationRef, credentials),
    ).toBeDefined();

    const { outputs, error } = await unregister({ entityRef });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({
      action: 'removed',
      location: locationRef,
      failed: false,
    });
    expect(
      await catalog.getEntityByRef(entityRef, credentials),
    ).toBeUndefined();
    expect(
      await catalog.getLocationByRef(locationRef, credentials),
    ).toBeUndefined();

    expect((await unregister({ entityRef })).outputs).toEqual({
      action: 'absent',
      failed: false,
    });
  });
});
