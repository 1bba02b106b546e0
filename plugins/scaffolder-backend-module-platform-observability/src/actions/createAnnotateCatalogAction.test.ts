import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createAnnotateCatalogAction } from './createAnnotateCatalogAction';
import { examples } from './createAnnotateCatalogAction.examples';

const CATALOG = `# Rendered by the golden path
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: invoice-service
  annotations:
    github.com/project-slug: acme/invoice-service # the repository
spec:
  type: service
  owner: group:default/payments-team
`;

const SLO = {
  availability: '99.9',
  latencyObjective: '95',
  latencyThresholdMs: 300,
  period: '30d',
};

describe('platform:observability:catalog:annotate', () => {
  let workspace: string;
  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'annotate-'));
    await writeFile(join(workspace, 'catalog-info.yaml'), CATALOG);
  });
  afterEach(() => rm(workspace, { recursive: true, force: true }));

  const run = (input: Record<string, unknown>) =>
    createAnnotateCatalogAction().handler(
      createMockActionContext({
        input: input as any,
        workspacePath: workspace,
      }),
    );

  it('adds the Grafana selectors and the SLO, keeping the rest and its comments', async () => {
    await run({ name: 'invoice-service', slo: SLO });
    const text = await readFile(join(workspace, 'catalog-info.yaml'), 'utf8');
    expect(text).toContain('# Rendered by the golden path');
    expect(text).toContain('# the repository');
    expect(parse(text).metadata.annotations).toEqual({
      'github.com/project-slug': 'acme/invoice-service',
      'grafana/dashboard-selector':
        "tags @> 'invoice-service' && tags @> 'developer-portal'",
      'grafana/alert-label-selector': 'service=invoice-service',
      'developer-portal.acme.example/slo': JSON.stringify({
        ...SLO,
        severities: ['page', 'ticket'],
      }),
    });
  });

  it('refuses bad SLO input naming the field', async () => {
    await expect(
      run({ name: 'invoice-service', slo: { ...SLO, period: '90d' } }),
    ).rejects.toThrow(/slo\.period/);
  });

  it('stays inside the workspace', async () => {
    await expect(
      run({ name: 'invoice-service', slo: SLO, path: '../outside.yaml' }),
    ).rejects.toThrow(/outside/);
  });

  it.each(examples.map(e => [e.description, e]))(
    'example: %s',
    async (_d, example) => {
      for (const step of parse(example.example).steps) {
        await run(step.input);
      }
      const text = await readFile(join(workspace, 'catalog-info.yaml'), 'utf8');
      expect(
        parse(text).metadata.annotations['grafana/alert-label-selector'],
      ).toBe('service=invoice-service');
    },
  );
});
