import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { exampleCatalog, portalConfig } from '../../__testUtils__/fixtures';
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
