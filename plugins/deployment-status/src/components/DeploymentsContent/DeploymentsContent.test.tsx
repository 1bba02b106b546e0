import type {
  DeploymentStatusApi,
  EntityDeploymentStatus,
} from '@internal/plugin-deployment-status-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  empty,
  failed,
  healthy,
  partialError,
  progressing,
  withAlerts,
  withGitHub,
} from '../../__testUtils__/fixtures';
import {
  fakeSignals,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { REFETCH_SPREAD_MS } from '../../hooks/useEntityDeploymentStatus';
import { DeploymentsContent } from './DeploymentsContent';

function answering(...responses: EntityDeploymentStatus[]) {
  const getEntityStatus = jest.fn<
    ReturnType<DeploymentStatusApi['getEntityStatus']>,
    Parameters<DeploymentStatusApi['getEntityStatus']>
  >();
  for (const response of responses) {
    getEntityStatus.mockResolvedValueOnce(response);
  }
  return { getEntityStatus };
}

async function findMatrix() {
  return screen.findByRole('table', { name: 'Deployments by environment' });
}

/** The cell of a workload row in an environment's column. */
function cell(row: string, column: number) {
  const tableRow = screen.getByRole('row', { name: new RegExp(`^${row}`) });
  return within(tableRow).getAllByRole('cell')[column];
}

describe('DeploymentsContent', () => {
  it('shows every environment healthy, in promotion order', async () => {
    const api = answering(healthy);
    renderWithEntity(<DeploymentsContent />, { api });

    const matrix = await findMatrix();
    expect(api.getEntityStatus).toHaveBeenCalledWith('component:default/web');
    const headers = within(matrix)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual([
      'Workload',
      'Devnonprod / web-dev',
      'Stagingnonprod / web-staging',
      'Productionprod / web-production',
    ]);
    for (const column of [0, 1, 2]) {
      const workload = cell('web', column);
      expect(workload).toHaveTextContent('1.4.0');
      expect(workload).toHaveTextContent('Healthy');
      expect(workload).toHaveTextContent('2/2 ready');
      expect(workload).toHaveTextContent('deployed 1h ago');
    }
    // The commit links to the entity's own GitHub host, not github.com.
    expect(
      within(cell('web', 0)).getByRole('link', { name: /^commit 0123456/ }),
    ).toHaveAttribute(
      'href',
      'https://ghe.acme.example/acme/web/commit/0123456789abcdef0123456789abcdef01234567',
    );
    expect(cell('Pods and warnings', 0)).toHaveTextContent(
      'No unready pods, no warnings',
    );
  });

  it("links each environment's dashboard when the backend knows it", async () => {
    renderWithEntity(<DeploymentsContent />, {
      api: answering({
        ...healthy,
        environments: healthy.environments.map(environment => ({
          ...environment,
          dashboardUrl: `https://grafana.acme.example/d/web-${environment.name}`,
        })),
      }),
    });

    const matrix = await findMatrix();
    expect(
      within(matrix).getByRole('link', { name: /^Dashboard of Production/ }),
    ).toHaveAttribute('href', 'https://grafana.acme.example/d/web-production');
  });

  it('shows a rollout in progress and why it is not done', async () => {
    renderWithEntity(<DeploymentsContent />, { api: answering(progressing) });

    await findMatrix();
    const dev = cell('web', 0);
    expect(dev).toHaveTextContent('1.5.0');
    expect(dev).toHaveTextContent('Rolling out');
    expect(dev).toHaveTextContent('1/2 ready');
    expect(dev).toHaveTextContent('1 of 2 updated replicas are available');
    expect(cell('web', 1)).toHaveTextContent('Healthy');
  });

  it('says in words why a rollout failed, with its pods and warnings', async () => {
    renderWithEntity(<DeploymentsContent />, { api: answering(failed) });

    await findMatrix();
    const staging = cell('web', 1);
    expect(staging).toHaveTextContent('Failed');
    expect(staging).toHaveTextContent(
      'ImagePullBackOff on web-7f9c-x2k4d: image acme/web:1.5.0 not found',
    );
    expect(
      screen.getByRole('list', { name: 'Unready pods in Staging' }),
    ).toHaveTextContent(
      'web-7f9c-x2k4d: not ready, ImagePullBackOff: Back-off pulling image "acme/web:1.5.0"',
    );
    expect(
      screen.getByRole('list', { name: 'Warnings in Staging' }),
    ).toHaveTextContent(
      'Failed on Pod/web-7f9c-x2k4d: Failed to pull image "acme/web:1.5.0": not found (×4), 1m ago',
    );
    expect(cell('web', 0)).toHaveTextContent('Healthy');
  });

  it('shows how far each environment is behind the default branch, and its GitHub deployments', async () => {
    renderWithEntity(<DeploymentsContent />, { api: answering(withGitHub) });

    await findMatrix();
    const production = cell('GitHub', 2);
    expect(
      within(production).getByRole('link', { name: /^3 commits behind main/ }),
    ).toHaveAttribute(
      'href',
      'https://ghe.acme.example/acme/web/compare/0123456789abcdef0123456789abcdef01234567...main',
    );
    const deployments = screen.getByRole('list', {
      name: 'GitHub deployments to Production',
    });
    expect(
      within(deployments)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      // Backstage's Link tells screen readers that it opens a new window.
      'success 0123456, Opens in a new window · 1h ago',
      'failure eeeeeee, Opens in a new window · 3h ago',
    ]);
    expect(
      within(deployments).getByRole('link', { name: /^success 0123456/ }),
    ).toHaveAttribute('href', 'https://ci.acme.example/runs/11');

    expect(cell('GitHub', 1)).toHaveTextContent('Up to date with main');
    // GitHub failing for dev leaves its workloads in place.
    expect(cell('GitHub', 0)).toHaveTextContent(
      'GitHub: GitHub answered 502: Bad Gateway',
    );
    expect(cell('web', 0)).toHaveTextContent('Healthy');
  });

  it('shows the alerts firing per environment, with severity and summary', async () => {
    renderWithEntity(<DeploymentsContent />, { api: answering(withAlerts) });

    await findMatrix();
    const firing = screen.getByRole('list', {
      name: 'Alerts firing in Production',
    });
    expect(
      within(firing)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'pageSloAvailabilityBurn, Opens in a new window · for 12mweb in production is burning its availability error budget 14.4 times too fast',
      'ticketSloLatencyBurn · for 4hweb in production is burning its latency error budget',
    ]);
    expect(
      within(firing).getByRole('link', { name: /^SloAvailabilityBurn/ }),
    ).toHaveAttribute('href', 'https://runbooks.acme.example/web');
    expect(cell('Alerts', 0)).toHaveTextContent('No alerts firing');
    expect(cell('Alerts', 1)).toHaveTextContent(
      'Could not read alerts from Alertmanager: fetch failed',
    );
    // No GitHub row for an answer without GitHub.
    expect(screen.queryByRole('row', { name: /^GitHub/ })).toBeNull();
    expect(cell('web', 1)).toHaveTextContent('Healthy');
  });

  it('says what to add when nothing runs anywhere', async () => {
    renderWithEntity(<DeploymentsContent />, { api: answering(empty) });

    expect(
      await screen.findByText(
        'Nothing of this service runs in any environment',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        /annotation of this entity and the label of the same name/,
      ),
    ).toHaveTextContent(
      'in web-dev, web-staging, web-production. None carries web yet.',
    );
    // Once for the entity's annotation, once for the workloads' label; the
    // code snippets load their highlighter lazily.
    await waitFor(
      () =>
        expect(document.body.textContent).toMatch(
          /annotations:\s*backstage\.io\/kubernetes-id: web.*labels:\s*backstage\.io\/kubernetes-id: web/s,
        ),
      { timeout: 10_000 },
    );
  });

  it("shows an unreadable cluster's error in its column while the others render", async () => {
    renderWithEntity(<DeploymentsContent />, { api: answering(partialError) });

    await findMatrix();
    expect(
      screen.getByRole('alert', { name: 'Production could not be read' }),
    ).toHaveTextContent(
      'Could not read cluster prod: connect ECONNREFUSED 10.0.0.1:6443',
    );
    expect(cell('web', 0)).toHaveTextContent('Healthy');
    expect(cell('web', 1)).toHaveTextContent('Healthy');
  });

  it('says what failed when the backend does not answer, and retries', async () => {
    const getEntityStatus = jest
      .fn()
      .mockRejectedValueOnce(new Error('Bad Gateway'))
      .mockResolvedValue(healthy);
    renderWithEntity(<DeploymentsContent />, { api: { getEntityStatus } });

    expect(await screen.findByText('Error: Bad Gateway')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await findMatrix()).toBeInTheDocument();
  });

  it('keeps the last status when a refetch fails', async () => {
    const getEntityStatus = jest
      .fn()
      .mockResolvedValueOnce(healthy)
      .mockRejectedValueOnce(new Error('Bad Gateway'));
    renderWithEntity(<DeploymentsContent />, { api: { getEntityStatus } });

    await findMatrix();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByText(
        'Could not refresh, showing the last status: Bad Gateway',
      ),
    ).toBeInTheDocument();
    expect(cell('web', 0)).toHaveTextContent('Healthy');
  });

  it("refetches when the backend signals a change to this entity's workloads", async () => {
    const api = answering(progressing, healthy);
    const signals = fakeSignals();
    renderWithEntity(<DeploymentsContent />, { api, signals: signals.api });

    await findMatrix();
    expect(cell('web', 0)).toHaveTextContent('Rolling out');
    expect(screen.getByText('Updates live')).toBeInTheDocument();

    signals.publish('deployment-status', { kubernetesId: 'api' });
    signals.publish('other-channel', { kubernetesId: 'web' });
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);

    signals.publish('deployment-status', { kubernetesId: 'web' });
    await waitFor(() => expect(cell('web', 0)).toHaveTextContent('Healthy'));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
  });

  it('spreads the refetches of open pages, one refetch per burst of signals', async () => {
    const api = answering(progressing, healthy);
    const signals = fakeSignals();
    renderWithEntity(<DeploymentsContent />, { api, signals: signals.api });
    await findMatrix();

    jest.useFakeTimers();
    // This page drew the middle of the spread.
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      signals.publish('deployment-status', { kubernetesId: 'web' });
      signals.publish('deployment-status', { kubernetesId: 'web' });
      act(() => jest.advanceTimersByTime(REFETCH_SPREAD_MS / 2 - 1));
      signals.publish('deployment-status', { kubernetesId: 'web' });
      expect(api.getEntityStatus).toHaveBeenCalledTimes(1);
      act(() => jest.advanceTimersByTime(1));
      expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
    } finally {
      random.mockRestore();
      jest.useRealTimers();
    }
    await waitFor(() => expect(cell('web', 0)).toHaveTextContent('Healthy'));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
  });

  it('refreshes on demand when live updates are unavailable', async () => {
    const api = answering(progressing, healthy);
    renderWithEntity(<DeploymentsContent />, { api });

    await findMatrix();
    expect(screen.getByText('Live updates unavailable')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(cell('web', 0)).toHaveTextContent('Healthy'));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
  });
});
