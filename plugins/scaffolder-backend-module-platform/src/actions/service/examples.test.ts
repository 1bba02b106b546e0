import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { exampleCatalog, portalConfig } from '../../__testUtils__/fixtures';
import { createDecommissionPlanAction } from './createDecommissionPlanAction';
import { examples as decommissionExamples } from './createDecommissionPlanAction.examples';
import { createServicePlanAction } from './createServicePlanAction';
import { examples } from './createServicePlanAction.examples';

describe('platform:service:plan examples', () => {
  it.each(examples.map(example => [example.description, example]))(
    '%s',
    async (_description, example) => {
      const action = createServicePlanAction({
        config: await portalConfig(),
        catalog: exampleCatalog(),
      });
      const steps = yaml
        .parse(example.example)
        .steps.filter((step: any) => step.action === action.id);
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        const ctx = createMockActionContext({ input: step.input });
        await action.handler(ctx);
        expect(ctx.output).toHaveBeenCalledWith(
          'namespaces',
          expect.any(Array),
        );
      }
    },
  );
});

describe('platform:service:decommission:plan examples', () => {
  it.each(decommissionExamples.map(example => [example.description, example]))(
    '%s',
    async (_description, example) => {
      const service = (name: string) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: { 'github.com/project-slug': `acme/${name}` },
        },
        spec: { owner: 'group:default/payments-team' },
      });
      const action = createDecommissionPlanAction({
        config: await portalConfig(),
        catalog: catalogServiceMock({
          entities: [service('invoice-service'), service('checkout-service')],
        }),
        permissions: mockServices.permissions(),
        logger: mockServices.logger.mock(),
      });
      const steps = yaml
        .parse(example.example)
        .steps.filter((step: any) => step.action === action.id);
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        const ctx = createMockActionContext({ input: step.input });
        await action.handler(ctx);
        expect(ctx.output).toHaveBeenCalledWith('found', true);
        expect(ctx.output).toHaveBeenCalledWith(
          'repoUrl',
          expect.stringContaining(`repo=${step.input.confirmation}`),
        );
      }
    },
  );
});
