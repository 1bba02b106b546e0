import { screen } from '@testing-library/react';
import { empty, failed, partialError } from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { DeploymentsCard } from './DeploymentsCard';

describe('DeploymentsCard', () => {
  it('shows each environment in one line and links to the tab', async () => {
    renderWithEntity(<DeploymentsCard />, {
      api: { getEntityStatus: jest.fn().mockResolvedValue(failed) },
    });

    expect(
      await screen.findByRole('listitem', { name: 'Dev' }),
    ).toHaveTextContent('Dev1.4.0Healthy2/2 ready');
    expect(screen.getByRole('listitem', { name: 'Staging' })).toHaveTextContent(
      'Staging1.5.0Failed1/2 ready',
    );
    expect(
      screen.getByRole('link', { name: /View deployments/ }),
    ).toHaveAttribute('href', '/catalog/default/component/web/deployments');
  });

  it('names an environment whose cluster could not be read', async () => {
    renderWithEntity(<DeploymentsCard />, {
      api: { getEntityStatus: jest.fn().mockResolvedValue(partialError) },
    });

    expect(
      await screen.findByRole('listitem', { name: 'Production' }),
    ).toHaveTextContent('Could not read cluster prod');
  });

  it('points to the tab when nothing runs', async () => {
    renderWithEntity(<DeploymentsCard />, {
      api: { getEntityStatus: jest.fn().mockResolvedValue(empty) },
    });

    expect(
      await screen.findByText(/Nothing of this service runs/),
    ).toHaveTextContent('The Deployments tab says what to add.');
  });
});
