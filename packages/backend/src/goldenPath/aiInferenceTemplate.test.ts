import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'yaml';

const TEMPLATES = resolve(__dirname, '../../../../templates');
const read = (path: string) =>
  yaml.parse(readFileSync(resolve(TEMPLATES, path), 'utf8'));

/**
 * The AI inference template writes out the golden paths' shared form and
 * steps to change three things; everything else must stay as the shared
 * files have it, so a change there is not lost here.
 */
describe('templates/ai-inference-service', () => {
  const template = read('ai-inference-service/template.yaml');
  const sharedParameters = read('shared/parameters.yaml');
  const sharedSteps = read('shared/steps.yaml');

  it('has the shared form, offering only the gpu tier and asking for the model', () => {
    const pages = structuredClone(template.spec.parameters);
    const deployment = pages.find((page: any) => page.title === 'Deployment');
    expect(deployment.properties.deployment['ui:options']).toEqual({
      tiers: ['gpu'],
    });
    delete deployment.properties.deployment['ui:options'];
    const model = pages.findIndex((page: any) => page.title === 'Model');
    expect(pages[model].properties.model.required).toEqual(['uri', 'storage']);
    pages.splice(model, 1);
    expect(pages).toEqual(sharedParameters);
  });

  it('has the shared steps, with the plan limited to the gpu tier and the model passed to the skeleton', () => {
    const steps = structuredClone(template.spec.steps);
    const plan = steps.find((step: any) => step.id === 'plan');
    expect(plan.input.allowedTiers).toEqual(['gpu']);
    delete plan.input.allowedTiers;
    const fetch = steps.find((step: any) => step.id === 'fetch');
    expect(fetch.input.values).toMatchObject({
      modelUri: '${{ parameters.model.uri }}',
      modelSha256: '${{ parameters.model.sha256 }}',
      modelStorage: '${{ parameters.model.storage }}',
    });
    for (const key of ['modelUri', 'modelSha256', 'modelStorage']) {
      delete fetch.input.values[key];
    }
    expect(steps).toEqual(sharedSteps);
  });
});
