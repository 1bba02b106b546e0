import { mockServices } from '@backstage/backend-test-utils';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import { resolve } from 'node:path';
import {
  configFor,
  portalPlatformConfig,
  renderedWorkspace,
  startTestGitHub,
  testClients,
} from '../../__testUtils__/testGitHub';
import { readCatalogFile } from '@internal/plugin-platform-node';
import {
  capturingLogger,
  runAction,
} from '@internal/plugin-platform-node/testUtils';
import { createEnsureRepositoryAction } from './createEnsureRepositoryAction';

// Real git pushes and many API calls against the sandbox: more than Jest's 5 s default
// on a loaded machine.
jest.setTimeout(30_000);

const TEMPLATE = resolve(
  __dirname,
  '../../../../../templates/golden-path-service/template.yaml',
);

/**
 * Resolves the plain `${{ a.b['c'].d }}` lookups the golden path's GitHub
 * step uses; anything fancier fails the test, so the step stays simple.
 */
function render(value: unknown, context: Record<string, any>): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\$\{\{\s*([^}|]+?)\s*\}\}$/.exec(value);
  if (!match) {
    if (value.includes('${{')) throw new Error(`Cannot render ${value}`);
    return value;
  }
  return match[1]
    .replace(/\['([^']+)'\]/g, '.$1')
    .split('.')
    .reduce((object, key) => object?.[key], context as any);
}

describe('the golden-path template', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestGitHub();
  });
  afterAll(() => sandbox.stop());

  it('creates the repository with platform:github:repo:ensure and registers its contents URL; a second submit converges', async () => {
    // As the catalog serves it, with the steps shared by every language.
    const template = await readCatalogFile(TEMPLATE);
    const steps: any[] = template.spec.steps;
    expect(steps.map(s => s.action)).not.toContain('publish:github');
    const publish = steps.find(s => s.action === 'platform:github:repo:ensure');
    const register = steps.find(s => s.action === 'platform:catalog:register');
    expect(register.input.repoContentsUrl).toBe(
      `\${{ steps['${publish.id}'].output.repoContentsUrl }}`,
    );
    expect(template.spec.output.links[0].url).toBe(
      `\${{ steps['${publish.id}'].output.remoteUrl }}`,
    );

    const context = {
      parameters: {
        name: 'golden-service',
        description: 'A service on the golden path',
        owner: 'group:default/payments-team',
        repoVisibility: 'private',
        deployment: { environments: ['dev', 'production'], tier: 'small' },
      },
      // What platform:service:plan outputs for these parameters.
      steps: {
        plan: {
          output: {
            owner: 'group:default/payments-team',
            repoUrl: `${sandbox.github.host}?owner=acme&repo=golden-service`,
          },
        },
      },
    };
    const input = Object.fromEntries(
      Object.entries(publish.input).map(([k, v]) => [k, render(v, context)]),
    );
    const logger = capturingLogger();
    const config = configFor(sandbox, await portalPlatformConfig());
    const action = createEnsureRepositoryAction({
      config,
      clients: testClients(config, logger),
      auditor: mockServices.auditor.mock(),
      logger,
    });
    const workspacePath = await renderedWorkspace('golden-service');

    const first = await runAction(action, input, { workspacePath });
    expect(first.error).toBeUndefined();
    expect(first.outputs.repoContentsUrl).toBe(
      `${sandbox.github.server.url}/acme/golden-service/blob/main`,
    );
    expect(
      await sandbox.github.file('acme', 'golden-service', 'catalog-info.yaml'),
    ).toContain('name: golden-service');

    sandbox.clearRequests();
    const second = await runAction(action, input, {
      workspacePath: await renderedWorkspace('golden-service'),
      taskId: 'task-2',
    });
    expect(second.error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
    expect(await sandbox.github.commits('acme', 'golden-service')).toHaveLength(
      1,
    );
  });
});
