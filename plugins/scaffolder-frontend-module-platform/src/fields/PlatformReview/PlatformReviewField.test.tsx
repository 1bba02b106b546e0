import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  NameAvailability,
  PlatformApi,
} from '@internal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { platformApiRef } from '../../api/platformApiRef';
import { config } from '../PlatformDeployment/fixtures';
import { PlatformReviewField } from './PlatformReviewField';
import type { PlatformReviewFieldProps } from './schema';

const values = {
  name: 'invoice-service',
  owner: 'group:default/payments-team',
  system: 'system:default/checkout',
  repoVisibility: 'private',
  deployment: { environments: ['dev', 'production'], tier: 'small' },
  slo: {
    availability: '99.9',
    latencyObjective: '95',
    latencyThresholdMs: 300,
    period: '30d',
    severities: ['page', 'ticket'],
  },
};

function renderReview(api: Partial<PlatformApi>, formData: object = values) {
  const props = {
    schema: { title: 'What will be created' },
    formContext: { formData },
    idSchema: { $id: 'root_review' },
  } as unknown as PlatformReviewFieldProps;
  renderInTestApp(<PlatformReviewField {...props} />, {
    apis: [[platformApiRef, platformApiWith(api)]],
  });
}

/** Where the platform puts invoice-service's repository, as its name check answers. */
const availability = {
  name: 'invoice-service',
  valid: true,
  violations: [],
  repository: {
    host: 'github.com',
    owner: 'acme',
    repo: 'invoice-service',
    free: true,
  },
  namespaces: [],
} as NameAvailability;

describe('PlatformReviewField', () => {
  it('lists the repository, each namespace with its quota, the alerts and the catalog entry', async () => {
    renderReview({
      getConfig: jest.fn(async () => config),
      getNameAvailability: jest.fn(async () => availability),
    });

    const repository = await screen.findByRole('region', {
      name: 'Repository',
    });
    await waitFor(() =>
      expect(repository).toHaveTextContent(
        'Repository github.com/acme/invoice-service',
      ),
    );
    expect(repository).toHaveTextContent(
      'Repository github.com/acme/invoice-service',
    );
    expect(repository).toHaveTextContent('payments-team team access');
    expect(repository).toHaveTextContent(
      'GitHub environments dev, production (deploys need approval)',
    );

    const namespaces = screen.getByRole('region', { name: 'Namespaces' });
    const items = within(namespaces)
      .getAllByText(/^Namespace /)
      .map(item => item.textContent);
    expect(items).toEqual([
      'Namespace invoice-service-dev on nonprod-cluster (Development)',
      'Namespace invoice-service-production on prod-cluster (Production)',
    ]);
    expect(namespaces).toHaveTextContent('Small tier. Namespace quota:');
    expect(namespaces).toHaveTextContent('Pod Security: restricted');

    const alerts = screen.getByRole('region', {
      name: 'Alerts and dashboards',
    });
    expect(alerts).toHaveTextContent(
      'SLOs over 30d: 99.9% of requests succeed, 95% take less than 300 ms',
    );
    expect(alerts).toHaveTextContent(
      'the dashboard "invoice-service (production)"',
    );
    expect(screen.getByRole('region', { name: 'Catalog' })).toHaveTextContent(
      'Catalog entry component:default/invoice-service',
    );
  });

  it('says what the form still lacks', async () => {
    renderReview(
      {
        getConfig: jest.fn(async () => config),
        getNameAvailability: jest.fn(async () => availability),
      },
      { name: 'invoice-service' },
    );
    expect(
      await screen.findByText(
        'Go back and choose environments, a tier to see all of it.',
      ),
    ).toBeInTheDocument();
  });

  it('says when the platform config cannot be read, and retries', async () => {
    const getConfig = jest
      .fn()
      .mockRejectedValueOnce(new Error('platform backend down'))
      .mockResolvedValue(config);
    renderReview({
      getConfig,
      getNameAvailability: jest.fn(async () => availability),
    });
    expect(
      await screen.findByText('Could not work out what will be created'),
    ).toBeInTheDocument();
    screen.getByRole('button', { name: 'Retry' }).click();
    expect(
      await screen.findByRole('region', { name: 'Namespaces' }),
    ).toBeInTheDocument();
  });
});
