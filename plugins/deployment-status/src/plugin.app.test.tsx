import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { entity, healthy } from './__testUtils__/fixtures';
import { deploymentStatusApiRef } from './api';
import deploymentStatusPlugin from './index';

// A whole catalog entity page: slow to render on a busy machine.
jest.setTimeout(60_000);

describe('deploymentStatusPlugin in an app', () => {
  it("adds the Deployments tab to an annotated component's page", async () => {
    const getEntityStatus = jest.fn().mockResolvedValue(healthy);
    renderTestApp({
      features: [catalogPlugin, deploymentStatusPlugin],
      apis: [
        [catalogApiRef, catalogApiMock({ entities: [entity] })],
        [deploymentStatusApiRef, { getEntityStatus }],
      ],
      initialRouteEntries: ['/catalog/default/component/web/deployments'],
    });

    expect(
      await screen.findByRole(
        'table',
        { name: 'Deployments by environment' },
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(getEntityStatus).toHaveBeenCalledWith('component:default/web');
  });

  it('puts the card on the overview, linking to the tab', async () => {
    renderTestApp({
      features: [catalogPlugin, deploymentStatusPlugin],
      apis: [
        [catalogApiRef, catalogApiMock({ entities: [entity] })],
        [deploymentStatusApiRef, { getEntityStatus: async () => healthy }],
      ],
      initialRouteEntries: ['/catalog/default/component/web'],
    });

    expect(
      await screen.findByRole(
        'listitem',
        { name: 'Production' },
        { timeout: 30_000 },
      ),
    ).toHaveTextContent('Production1.4.0Healthy2/2 ready');
    for (const name of ['Deployments', /View deployments/]) {
      expect(screen.getByRole('link', { name })).toHaveAttribute(
        'href',
        '/catalog/default/component/web/deployments',
      );
    }
  });

  it('leaves components without the annotation alone', async () => {
    const plain = { ...entity, metadata: { name: 'plain' } };
    const getEntityStatus = jest.fn().mockResolvedValue(healthy);
    renderTestApp({
      features: [catalogPlugin, deploymentStatusPlugin],
      apis: [
        [catalogApiRef, catalogApiMock({ entities: [plain] })],
        [deploymentStatusApiRef, { getEntityStatus }],
      ],
      initialRouteEntries: ['/catalog/default/component/plain'],
    });

    expect(
      await screen.findByRole(
        'link',
        { name: 'Overview' },
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Deployments' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('View deployments')).not.toBeInTheDocument();
    expect(getEntityStatus).not.toHaveBeenCalled();
  });
});
