import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  startTestSandbox,
  type GitHubAppOptions,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { GitHubClients } from '../client/GitHubClients';

const root = resolve(__dirname, '../../../..');

/** The portal's token in these tests: an owner of `acme`, every scope. */
export const PORTAL_TOKEN = 'ghp_portalSecretToken0123456789abcdef';
/** The same user without the `repo` scope: it cannot create private repositories. */
export const PUBLIC_ONLY_TOKEN = 'ghp_publicOnlyToken0123456789abcdef';
/** The same user with `repo` but without `admin:org`: it cannot define custom properties. */
export const REPO_ONLY_TOKEN = 'ghp_repoOnlyToken0123456789abcdef';
/** The same user without the `workflow` scope: it cannot push the CI workflow. */
export const NO_WORKFLOW_TOKEN = 'ghp_noWorkflowToken0123456789abcdef';
/** Someone else in `acme`, who makes repositories by hand. */
export const PERSON_TOKEN = 'person-token';

/** A sandbox GitHub with `acme` and the teams app-config.yaml's standard names. */
export function startTestGitHub(
  options: { rateLimitPerHour?: number; apps?: GitHubAppOptions[] } = {},
): Promise<TestSandbox> {
  return startTestSandbox({
    github: {
      tokens: [
        { token: PORTAL_TOKEN, login: 'developer-portal' },
        {
          token: PUBLIC_ONLY_TOKEN,
          login: 'developer-portal',
          scopes: ['public_repo', 'read:org'],
        },
        {
          token: REPO_ONLY_TOKEN,
          login: 'developer-portal',
          scopes: ['repo', 'read:org', 'workflow'],
        },
        {
          token: NO_WORKFLOW_TOKEN,
          login: 'developer-portal',
          scopes: ['repo', 'admin:org'],
        },
        { token: PERSON_TOKEN, login: 'octo-admin' },
      ],
      organizations: [
        {
          login: 'acme',
          members: [
            { login: 'developer-portal', role: 'admin' },
            { login: 'octo-admin', role: 'admin' },
          ],
          teams: [
            { slug: 'platform-team', name: 'Platform team', members: [] },
            { slug: 'payments-team', name: 'Payments team', members: [] },
            { slug: 'data-team', name: 'Data team', members: [] },
          ],
        },
      ],
      ...options,
    },
  });
}

export { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';

/**
 * The sandbox's integration for GitHub with the portal's platform section
 * (environments, the repository standard) and its cluster names.
 */
export function configFor(
  sandbox: TestSandbox,
  platform: JsonObject,
  options: {
    token?: string;
    /** A GitHub App instead of a token. */
    app?: { appId: number; privateKey: string };
  } = {},
): ConfigReader {
  const base = sandbox.config({
    githubToken: options.token ?? PORTAL_TOKEN,
  }) as any;
  if (options.app) {
    const [github] = base.integrations.github;
    base.integrations.github = [
      {
        host: github.host,
        apiBaseUrl: github.apiBaseUrl,
        apps: [
          {
            ...options.app,
            clientId: 'Iv1.portal-app',
            clientSecret: 'unused-client-secret',
            webhookSecret: 'unused-webhook-secret',
          },
        ],
      },
    ];
  }
  return new ConfigReader({
    ...base,
    // Only the names matter here: these tests talk to GitHub alone.
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: ['nonprod-cluster', 'prod-cluster'].map(name => ({
            name,
            url: 'https://127.0.0.1:1',
            authProvider: 'serviceAccount',
          })),
        },
      ],
    },
    platform,
  });
}

/** Clients as the module builds them, without the pauses meant for github.com. */
export function testClients(
  config: ConfigReader,
  logger: LoggerService,
): GitHubClients {
  return GitHubClients.fromConfig(config, {
    logger,
    retryBaseMs: 50,
    writeIntervalMs: 0,
  });
}

/** `<host>?owner=acme&repo=<name>`, as RepoUrlPicker gives it. */
export function repoUrl(sandbox: TestSandbox, repo: string, owner = 'acme') {
  return `${sandbox.github.host}?owner=${owner}&repo=${repo}`;
}

/** A rendered workspace: the skeleton's CI workflow, a catalog-info.yaml and a README. */
export async function renderedWorkspace(service: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'github-workspace-'));
  const files: Record<string, string> = {
    '.github/workflows/ci.yaml': await readFile(
      resolve(
        root,
        'templates/golden-path-service/skeleton/.github/workflows/ci.yaml',
      ),
      'utf8',
    ),
    'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${service}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/payments-team\n`,
    'README.md': `# ${service}\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}
