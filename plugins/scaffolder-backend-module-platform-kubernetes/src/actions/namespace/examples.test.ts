import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import yaml from 'yaml';
import {
  clustersFor,
  configFor,
  portalPlatformConfig,
  startTestClusters,
} from '../../__testUtils__/testClusters';
import { createEnsureNamespacesAction } from './createEnsureNamespacesAction';
import { examples } from './createEnsureNamespacesAction.examples';

// Starting the sandbox's clusters takes longer than Jest's 5 s on a busy machine.
jest.setTimeout(30_000);

describe('platform:kubernetes:namespace:ensure examples', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestClusters();
  });
  afterAll(() => sandbox.stop());

  it.each(examples.map(example => [example.description, example]))(
    '%s',
    async (_description, example) => {
      const config = configFor(sandbox, await portalPlatformConfig());
      const action = createEnsureNamespacesAction({
        config,
        clusters: clustersFor(config),
        auditor: mockServices.auditor.mock(),
        logger: mockServices.logger.mock(),
      });
      for (const step of yaml.parse(example.example).steps) {
        const ctx = createMockActionContext({ input: step.input });
        await action.handler(ctx);
        expect(ctx.output).toHaveBeenCalledWith(
          'namespaces',
          step.input.environments.map(
            (environment: string) => `${step.input.name}-${environment}`,
          ),
        );
      }
    },
  );
});
