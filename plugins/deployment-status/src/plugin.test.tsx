import type { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { deploymentStatusApi } from './api';
import deploymentStatusPlugin, {
  deploymentsEntityCard,
  deploymentsEntityContent,
} from './index';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web', annotations },
});

describe('deploymentStatusPlugin', () => {
  it('provides its API, the tab and the card', () => {
    expect(deploymentStatusPlugin.id).toBe('deployment-status');
    expect(String(deploymentStatusApi)).toContain('kind=api');
    expect(String(deploymentsEntityContent)).toContain('kind=entity-content');
    expect(String(deploymentsEntityCard)).toContain('kind=entity-card');
  });

  it('provides plugin.deployment-status.api from discovery and fetch', () => {
    const factory = createExtensionTester(deploymentStatusApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.deployment-status.api');
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('adds the Deployments tab at deployments', () => {
    const tester = createExtensionTester(deploymentsEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Deployments',
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('deployments');
  });

  it.each([
    ['a component with the annotation', 'Component', true, true],
    ['a component without it', 'Component', false, false],
    ['a resource with it', 'Resource', true, false],
  ])('shows the tab and card on %s', (_, kind, annotated, shown) => {
    const entity = {
      ...component(annotated ? { 'backstage.io/kubernetes-id': 'web' } : {}),
      kind,
    };
    const tabFilter = createExtensionTester(deploymentsEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    const cardFilter = createExtensionTester(deploymentsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(tabFilter?.(entity)).toBe(shown);
    expect(cardFilter?.(entity)).toBe(shown);
  });
});
