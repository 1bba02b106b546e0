import { mockServices } from '@backstage/backend-test-utils';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import yaml from 'yaml';
import {
  configFor,
  PORTAL_TOKEN,
  portalPlatformConfig,
  renderedWorkspace,
  startTestGitHub,
  testClients,
} from '../../__testUtils__/testGitHub';
import {
  capturingLogger,
  runAction,
} from '@internal/plugin-platform-node/testUtils';
import { createDeleteRepositoryAction } from './createDeleteRepositoryAction';
import { examples as deleteExamples } from './createDeleteRepositoryAction.examples';
import { createEnsureRepositoryAction } from './createEnsureRepositoryAction';
import { examples as ensureExamples } from './createEnsureRepositoryAction.examples';

// Real git pushes and many API calls against the sandbox: more than Jest's 5 s default
// on a loaded machine.
jest.setTimeout(30_000);

/** An example's repoUrl, moved from github.com to the sandbox. */
const onSandbox = (sandbox: TestSandbox, url: string) =>
  url.replace(/^github\.com\?/, `${sandbox.github.host}?`);

describe('platform:github:repo:* examples', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestGitHub();
  });
  afterAll(() => sandbox.stop());

  async function actions() {
    const logger = capturingLogger();
    const config = configFor(sandbox, await portalPlatformConfig());
    const deps = {
      config,
      clients: testClients(config, logger),
      auditor: mockServices.auditor.mock(),
      logger,
    };
    return {
      'platform:github:repo:ensure': createEnsureRepositoryAction(deps),
      'platform:github:repo:delete': createDeleteRepositoryAction(deps),
    } as Record<string, any>;
  }

  it.each(ensureExamples.map(e => [e.description, e]))(
    '%s',
    async (_description, example) => {
      const byId = await actions();
      for (const step of yaml.parse(example.example).steps) {
        if (!byId[step.action]) continue; // upstream steps, e.g. catalog:register
        const input = {
          ...step.input,
          repoUrl: onSandbox(sandbox, step.input.repoUrl),
        };
        const name = new URLSearchParams(input.repoUrl.split('?')[1]).get(
          'repo',
        )!;
        const { outputs, error } = await runAction(byId[step.action], input, {
          workspacePath: await renderedWorkspace(name),
        });
        expect(error).toBeUndefined();
        expect(outputs.repoContentsUrl).toBe(
          `${sandbox.github.server.url}/acme/${name}/blob/main`,
        );
      }
    },
  );

  it.each(deleteExamples.map(e => [e.description, e]))(
    '%s',
    async (_description, example) => {
      const byId = await actions();
      for (const step of yaml.parse(example.example).steps) {
        const input = {
          ...step.input,
          repoUrl: onSandbox(sandbox, step.input.repoUrl),
        };
        const name = new URLSearchParams(input.repoUrl.split('?')[1]).get(
          'repo',
        )!;
        if (!sandbox.github.repository('acme', name)) {
          const octokit = sandbox.github.octokit(PORTAL_TOKEN);
          await octokit.repos.createInOrg({ org: 'acme', name });
          await octokit.repos.replaceAllTopics({
            owner: 'acme',
            repo: name,
            names: [`portal-component-default-${name}`],
          });
        }
        const { outputs, error } = await runAction(byId[step.action], input);
        expect(error).toBeUndefined();
        expect(outputs.action).toBe('archived');
      }
    },
  );
});
