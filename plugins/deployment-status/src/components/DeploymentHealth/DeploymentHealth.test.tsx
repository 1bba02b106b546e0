import { screen } from '@testing-library/react';
import {
  entity,
  failed,
  partialError,
  empty,
} from '../../__testUtils__/fixtures';
import {
  fakeSignals,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { DeploymentHealth } from './DeploymentHealth';

describe('DeploymentHealth', () => {
  it('shows the health of each environment the service runs in', async () => {
    renderWithEntity(<DeploymentHealth entity={entity} />, {
      api: { getEntityStatus: jest.fn().mockResolvedValue(failed) },
    });

    expect(
      await screen.findByRole('listitem', { name: 'Dev' }),
    ).toHaveTextContent('DevHealthy');
    expect(screen.getByRole('listitem', { name: 'Staging' })).toHaveTextContent(
      'StagingFailed',
    );
  });

  it('says an environment is unreachable while the others show', async () => {
    renderWithEntity(<DeploymentHealth entity={entity} />, {
      api: { getEntityStatus: jest.fn().mockResolvedValue(partialError) },
    });

    expect(
      await screen.findByRole('listitem', { name: 'Production' }),
    ).toHaveTextContent('ProductionUnreachable');
    expect(screen.getByRole('listitem', { name: 'Dev' })).toHaveTextContent(
      'DevHealthy',
    );
  });

  it('says when nothing runs', async () => {
    renderWithEntity(<DeploymentHealth entity={entity} />, {
      api: { getEntityStatus: jest.fn().mockResolvedValue(empty) },
    });

    expect(await screen.findByText('Not deployed')).toBeInTheDocument();
  });

  it('updates when the backend signals a change', async () => {
    const signals = fakeSignals();
    const getEntityStatus = jest
      .fn()
      .mockResolvedValueOnce(empty)
      .mockResolvedValue(failed);
    renderWithEntity(<DeploymentHealth entity={entity} />, {
      api: { getEntityStatus },
      signals: signals.api,
    });
    expect(await screen.findByText('Not deployed')).toBeInTheDocument();

    signals.publish('deployment-status', { kubernetesId: 'web' });

    expect(
      await screen.findByRole('listitem', { name: 'Staging' }),
    ).toHaveTextContent('StagingFailed');
  });

  it('asks nothing for an entity that says nothing of its workloads', async () => {
    const getEntityStatus = jest.fn();
    renderWithEntity(
      <>
        <DeploymentHealth
          entity={{ ...entity, metadata: { name: 'library' } }}
        />
        <span>rendered</span>
      </>,
      { api: { getEntityStatus } },
    );

    expect(await screen.findByText('rendered')).toBeInTheDocument();
    expect(screen.queryByText('Not deployed')).not.toBeInTheDocument();
    expect(getEntityStatus).not.toHaveBeenCalled();
  });
});
