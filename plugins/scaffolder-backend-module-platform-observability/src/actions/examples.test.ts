import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import yaml from 'yaml';
import {
  clustersFor,
  configFor,
  portalPlatformConfig,
  startTestClusters,
} from '../__testUtils__/testClusters';
import { createWireObservabilityAction } from './createWireObservabilityAction';
import { examples } from './createWireObservabilityAction.examples';
import { createUnwireObservabilityAction } from './createUnwireObservabilityAction';
import { examples as unwireExamples } from './createUnwireObservabilityAction.examples';

jest.setTimeout(60_000);

describe('platform:observability:wire examples', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestClusters();
    // The namespaces platform:kubernetes:namespace:ensure makes first.
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl(['create', 'namespace', 'invoice-service-dev']);
    await sandbox
      .cluster('prod-cluster')
      .kubectl(['create', 'namespace', 'invoice-service-production']);
  }, 60_000);
  afterAll(() => sandbox.stop());

  it.each(examples.map(example => [example.description, example]))(
    '%s',
    async (_description, example) => {
      const config = configFor(sandbox, await portalPlatformConfig(), {
        dashboardBaseUrl: 'https://grafana.acme.example',
      });
      const action = createWireObservabilityAction({
        config,
        clusters: clustersFor(config),
        auditor: mockServices.auditor.mock(),
        logger: mockServices.logger.mock(),
      });
      for (const step of yaml.parse(example.example).steps) {
        const ctx = createMockActionContext({ input: step.input });
        await action.handler(ctx);
        expect(ctx.output).toHaveBeenCalledWith(
          'dashboardUrls',
          step.input.environments.map(
            (environment: string) =>
              `https://grafana.acme.example/d/${step.input.name}-${environment}`,
          ),
        );
      }
    },
  );

  // After the wire examples, so there is something to remove.
  it.each(unwireExamples.map(example => [example.description, example]))(
    '%s',
    async (_description, example) => {
      const config = configFor(sandbox, await portalPlatformConfig());
      const action = createUnwireObservabilityAction({
        config,
        clusters: clustersFor(config),
        auditor: mockServices.auditor.mock(),
        logger: mockServices.logger.mock(),
      });
      for (const step of yaml.parse(example.example).steps) {
        const ctx = createMockActionContext({ input: step.input });
        await action.handler(ctx);
        expect(ctx.output).toHaveBeenCalledWith(
          'deleted',
          expect.arrayContaining([
            `dev: PrometheusRule/${step.input.name}-slo`,
          ]),
        );
      }
    },
  );
});
