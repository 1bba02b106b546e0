import { mockServices } from '@backstage/backend-test-utils';
import { type TestSandbox } from '@internal/sandbox/testUtils';
import { generateKeyPairSync } from 'node:crypto';
import {
  configFor,
  PERSON_TOKEN,
  portalPlatformConfig,
  renderedWorkspace,
  repoUrl,
  startTestGitHub,
  testClients,
} from '../../__testUtils__/testGitHub';
import {
  capturingLogger,
  runAction,
} from '@internal/plugin-platform-node/testUtils';
import { createEnsureRepositoryAction } from './createEnsureRepositoryAction';

// Real git pushes and many API calls against the sandbox: more than Jest's 5 s default
// on a loaded machine.
jest.setTimeout(30_000);

const APP_ID = 31337;
/** An App installed without the Workflows permission. */
const NO_WORKFLOWS_APP_ID = 31338;
/** An App installed without the Environments permission, which environment variables need. */
const NO_ENVIRONMENTS_APP_ID = 31339;
/** An App installed on one repository of acme only. */
const SELECTED_APP_ID = 31340;
/** What the portal needs, but for the Environments permission and Workflows. */
const WITHOUT_ENVIRONMENTS = {
  administration: 'write',
  contents: 'write',
  repository_custom_properties: 'write',
  members: 'read',
  metadata: 'read',
  organization_custom_properties: 'admin',
} as const;
const PERMISSIONS = { ...WITHOUT_ENVIRONMENTS, environments: 'write' } as const;

describe('platform:github:repo:ensure with a GitHub App', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestGitHub({
      apps: [
        {
          id: APP_ID,
          slug: 'portal-app',
          owner: 'acme',
          publicKey,
          installations: [
            {
              account: 'acme',
              permissions: { ...PERMISSIONS, workflows: 'write' },
            },
          ],
        },
        {
          id: NO_WORKFLOWS_APP_ID,
          slug: 'portal-app-without-workflows',
          owner: 'acme',
          publicKey,
          installations: [{ account: 'acme', permissions: PERMISSIONS }],
        },
        {
          id: NO_ENVIRONMENTS_APP_ID,
          slug: 'portal-app-without-environments',
          owner: 'acme',
          publicKey,
          installations: [
            {
              account: 'acme',
              permissions: { ...WITHOUT_ENVIRONMENTS, workflows: 'write' },
            },
          ],
        },
        {
          id: SELECTED_APP_ID,
          slug: 'portal-app-on-selected',
          owner: 'acme',
          publicKey,
          installations: [
            {
              account: 'acme',
              permissions: { ...PERMISSIONS, workflows: 'write' },
              repositories: ['app-selected'],
            },
          ],
        },
      ],
    });
  });

  async function ensureWith(appId: number, repo: string) {
    const logger = capturingLogger();
    const config = configFor(sandbox, await portalPlatformConfig(), {
      app: { appId, privateKey },
    });
    const auditor = mockServices.auditor.mock();
    const action = createEnsureRepositoryAction({
      config,
      clients: testClients(config, logger),
      auditor,
      logger,
    });
    return runAction(
      action,
      {
        repoUrl: repoUrl(sandbox, repo),
        owner: 'group:default/payments-team',
        environments: ['dev'],
      },
      { workspacePath: await renderedWorkspace(repo), logger },
    );
  }
  afterAll(() => sandbox.stop());

  it('creates the repository with an installation token, used for every call and the push, and logs none of it', async () => {
    const logger = capturingLogger();
    const config = configFor(sandbox, await portalPlatformConfig(), {
      app: { appId: APP_ID, privateKey },
    });
    const auditor = mockServices.auditor.mock();
    const action = createEnsureRepositoryAction({
      config,
      clients: testClients(config, logger),
      auditor,
      logger,
    });
    sandbox.clearRequests();
    const { outputs, error } = await runAction(
      action,
      {
        repoUrl: repoUrl(sandbox, 'app-service'),
        owner: 'group:default/payments-team',
        environments: ['dev', 'production'],
      },
      { workspacePath: await renderedWorkspace('app-service'), logger },
    );
    expect(error).toBeUndefined();
    expect(outputs.created).toBe(true);

    const tokens = sandbox.github.server.installationTokens();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatch(/^ghs_/);
    const { requests } = sandbox.github;
    const minted = requests.filter(r => r.path.startsWith('/api/v3/app/'));
    expect(minted.map(r => `${r.method} ${r.status}`)).toEqual([
      'GET 200',
      'POST 201',
    ]);
    // Everything else, the git push included, as the App's installation.
    const rest = requests.filter(r => !r.path.startsWith('/api/v3/app/'));
    expect(rest.some(r => r.path.endsWith('/git-receive-pack'))).toBe(true);
    // git asks without credentials first, and is told to bring them.
    expect(
      rest.filter(r => !r.user).map(r => `${r.method} ${r.path} ${r.status}`),
    ).toEqual(['GET /acme/app-service.git/info/refs 401']);
    expect(new Set(rest.filter(r => r.user).map(r => r.user))).toEqual(
      new Set(['portal-app[bot]']),
    );
    expect(await sandbox.github.commits('acme', 'app-service')).toHaveLength(1);

    const log = logger.lines.join('\n');
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(log).not.toContain(tokens[0]);
    const keyBody = privateKey.split('\n')[1];
    expect(log).not.toContain(keyBody);
    expect(JSON.stringify(auditor.createEvent.mock.calls)).not.toContain(
      tokens[0],
    );
  });

  it('names the permission the App lacks when GitHub refuses a later call, as a NotAllowedError', async () => {
    const logger = capturingLogger();
    const config = configFor(sandbox, await portalPlatformConfig(), {
      app: { appId: NO_ENVIRONMENTS_APP_ID, privateKey },
    });
    const auditor = mockServices.auditor.mock();
    const action = createEnsureRepositoryAction({
      config,
      clients: testClients(config, logger),
      auditor,
      logger,
    });
    sandbox.clearRequests();
    const { outputs, error } = await runAction(
      action,
      {
        repoUrl: repoUrl(sandbox, 'app-refused'),
        owner: 'group:default/payments-team',
        environments: ['dev'],
      },
      { workspacePath: await renderedWorkspace('app-refused'), logger },
    );
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(
      `Creating the variable KUBE_CLUSTER of dev failed: the credentials of the integration for ${sandbox.github.host} lack the permission it needs (environments=write); GitHub said: Resource not accessible by integration`,
    );
    // Refused once, not retried; what came before it stays, and says so.
    expect(
      sandbox.github.requests
        .filter(r => r.path.includes('/environments/dev/variables'))
        .map(r => `${r.method} ${r.status}`),
    ).toEqual(['POST 403']);
    expect(outputs.created).toBe(true);
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.fail).toHaveBeenCalledWith({ error });
    expect(event.success).not.toHaveBeenCalled();
  });

  it('names the Workflows permission when GitHub refuses the push of an App without it, and a run with it pushes to the kept repository', async () => {
    sandbox.clearRequests();
    const { outputs, error } = await ensureWith(
      NO_WORKFLOWS_APP_ID,
      'app-no-workflows',
    );
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(
      `Pushing the initial commit to ${sandbox.github.host}/acme/app-no-workflows failed: the GitHub App of the integration for ${sandbox.github.host} lacks the Workflows permission, which GitHub requires to create or update .github/workflows/ci.yaml (it refused a GitHub App without it). Give the App the Workflows permission (read and write) and accept it on the installation, then run the task again; the repository is kept and will be pushed to.`,
    );
    expect(outputs.created).toBe(true);
    // Refused by GitHub once: a refusal for a permission is not retried.
    expect(
      sandbox.github.requests
        .filter(r => r.path.endsWith('/git-receive-pack'))
        .map(r => `${r.method} ${r.status}`),
    ).toEqual(['POST 200']);
    expect(
      await sandbox.github.server.repositories.listBranches(
        'acme',
        'app-no-workflows',
      ),
    ).toEqual([]);

    const again = await ensureWith(APP_ID, 'app-no-workflows');
    expect(again.error).toBeUndefined();
    expect(again.outputs.created).toBe(false);
    expect(again.outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
    expect(
      await sandbox.github.commits('acme', 'app-no-workflows'),
    ).toHaveLength(1);
  });

  it('refuses to create a repository with an App installed on selected repositories, which does not see a taken name', async () => {
    await sandbox.github.octokit(PERSON_TOKEN).repos.createInOrg({
      org: 'acme',
      name: 'app-hidden',
      private: true,
    });
    sandbox.clearRequests();
    const { outputs, error } = await ensureWith(SELECTED_APP_ID, 'app-hidden');
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(
      `Creating acme/app-hidden failed: GitHub refused it (Resource not accessible by integration); the integration for ${sandbox.github.host} needs admin rights on the repository and owner rights in the organisation.`,
    );
    expect(outputs.created).toBeUndefined();
    // GitHub answers 404 for the repository outside the installation, and
    // refuses the creation; no repository was written to.
    expect(
      sandbox.github.requests
        .filter(r => r.path === '/api/v3/repos/acme/app-hidden')
        .map(r => `${r.method} ${r.status}`),
    ).toEqual(['GET 404']);
    expect(
      sandbox
        .writes()
        .filter(w => w.path.includes('/repos') || w.path.includes('app-hidden'))
        .map(w => `${w.method} ${w.path} ${w.status}`),
    ).toEqual(['POST /api/v3/orgs/acme/repos 403']);
  });
});
