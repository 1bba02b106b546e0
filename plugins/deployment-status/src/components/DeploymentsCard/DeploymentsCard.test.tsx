import { screen } from '@testing-library/react';
import {
  empty,
  failed,
  partialError,
  withAlerts,
  withGitHub,
} from '../../__testUtils__/fixtures';
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

  it('says how far an environment is behind and what alerts fire there', async () => {
    renderWithEntity(<DeploymentsCard />, {
      api: {
        getEntityStatus: jest.fn().mockResolvedValue({
          ...withGitHub,
          environments: withGitHub.environments.map((environment, index) => ({
            ...environment,
            alerts: withAlerts.environments[index].alerts,
          })),
        }),
      },
    });

    expect(
      await screen.findByRole('listitem', { name: 'Production' }),
    ).toHaveTextContent(
      'Production1.4.0Healthy2/2 ready3 commits behind main2 alerts firing (page)',
    );
    // Up to date and quiet: nothing more to say.
    expect(screen.getByRole('listitem', { name: 'Staging' })).toHaveTextContent(
      /^Staging1\.4\.0Healthy2\/2 ready$/,
    );
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
