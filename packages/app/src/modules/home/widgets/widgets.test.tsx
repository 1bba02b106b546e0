import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { scaffolderApiMock } from '@backstage/plugin-scaffolder-react/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import type { Entity } from '@backstage/catalog-model';
import { deploymentStatusApiRef } from '@internal/plugin-deployment-status';
import type { EntityDeploymentStatus } from '@internal/plugin-deployment-status-common';
import { configure, fireEvent, screen } from '@testing-library/react';
import { GoldenPathsContent } from './GoldenPaths';
import { RecentTasksContent } from './RecentTasks';
import { TeamServicesContent } from './TeamServices';

// The widgets load lazily (cards, entity links): give them time on a busy machine.
configure({ asyncUtilTimeout: 10_000 });

const paymentsTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { profile: { displayName: 'Payments Team' } },
};

const checkoutService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    namespace: 'default',
    title: 'Checkout Service',
    annotations: { 'backstage.io/kubernetes-id': 'checkout-service' },
  },
  spec: { type: 'service', lifecycle: 'production' },
};

/** Checkout runs healthy in dev and is rolling out in production. */
const checkoutStatus: EntityDeploymentStatus = {
  entityRef: 'component:default/checkout-service',
  kubernetesId: 'checkout-service',
  environments: (
    [
      ['dev', 'Dev', 'complete'],
      ['production', 'Production', 'progressing'],
    ] as const
  ).map(([name, title, state]) => ({
    name,
    title,
    cluster: 'nonprod-cluster',
    namespace: `checkout-service-${name}`,
    events: [],
    workloads: [
      {
        kind: 'Deployment',
        name: 'checkout-service',
        version: '1.0.0',
        replicas: { desired: 1, updated: 1, ready: 1, available: 1 },
        rollout: { state },
        pods: [],
      },
    ],
  })),
};

const deploymentStatus = [
  deploymentStatusApiRef,
  { getEntityStatus: jest.fn(async () => checkoutStatus) },
] as const;

/** A catalog that answers groups and, for an owner filter, the team's components. */
function catalog() {
  return catalogApiMock.mock({
    getEntities: jest.fn(async request => {
      const filter = (request?.filter ?? {}) as Record<string, unknown>;
      if (filter.kind === 'group') return { items: [paymentsTeam] };
      return { items: [checkoutService] };
    }),
  });
}

const scaffolderRoutes = { '/create': scaffolderPlugin.routes.root };
const catalogRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('TeamServicesContent', () => {
  it("lists the services of the signed-in user's groups", async () => {
    const catalogApi = catalog();
    await renderInTestApp(<TeamServicesContent />, {
      mountedRoutes: catalogRoutes,
      apis: [
        catalogApi,
        deploymentStatus,
        mockApis.identity({
          userEntityRef: 'user:default/sofia-martinez',
          ownershipEntityRefs: [
            'user:default/sofia-martinez',
            'group:default/payments-team',
          ],
        }),
      ],
    });
    expect(await screen.findByText('Checkout Service')).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(
      await screen.findByRole('listitem', { name: 'Dev' }),
    ).toHaveTextContent('DevHealthy');
    expect(
      screen.getByRole('listitem', { name: 'Production' }),
    ).toHaveTextContent('ProductionRolling out');
    expect(catalogApi.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: {
          kind: 'component',
          'relations.ownedBy': ['group:default/payments-team'],
        },
      }),
    );
  });

  it('asks a user in no group to pick a team, then lists its services', async () => {
    await renderInTestApp(<TeamServicesContent />, {
      mountedRoutes: catalogRoutes,
      apis: [
        catalog(),
        deploymentStatus,
        mockApis.identity({
          userEntityRef: 'user:development/guest',
          ownershipEntityRefs: ['user:development/guest'],
        }),
        mockApis.storage(),
      ],
    });
    expect(
      await screen.findByText('Pick your team to see its services'),
    ).toBeInTheDocument();
    fireEvent.change(
      await screen.findByRole('combobox', { name: 'Your team' }),
      { target: { value: 'group:default/payments-team' } },
    );
    expect(await screen.findByText('Checkout Service')).toBeInTheDocument();

    // Clearing the choice asks again.
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(
      await screen.findByText('Pick your team to see its services'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Checkout Service')).not.toBeInTheDocument();
  });

  it('shows what failed, with a retry, when the catalog cannot be read', async () => {
    await renderInTestApp(<TeamServicesContent />, {
      mountedRoutes: catalogRoutes,
      apis: [
        catalogApiMock.mock({
          getEntities: jest.fn().mockRejectedValue(new Error('catalog down')),
        }),
        mockApis.identity({
          ownershipEntityRefs: ['group:default/payments-team'],
        }),
      ],
    });
    expect(
      await screen.findByText("Could not load your team's services"),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog down')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });
});

describe('GoldenPathsContent', () => {
  it('shows each template as a card that links to its form', async () => {
    await renderInTestApp(<GoldenPathsContent />, {
      mountedRoutes: scaffolderRoutes,
      apis: [
        catalogApiMock.mock({
          getEntities: jest.fn().mockResolvedValue({
            items: [
              {
                apiVersion: 'scaffolder.backstage.io/v1beta3',
                kind: 'Template',
                metadata: {
                  name: 'golden-path-service',
                  namespace: 'default',
                  title: 'Node.js service (golden path)',
                  description: 'A service',
                  tags: ['nodejs'],
                },
              },
            ],
          }),
        }),
      ],
    });
    const start = await screen.findByRole('button', {
      name: 'Start Node.js service (golden path)',
    });
    expect(start).toHaveAttribute(
      'href',
      '/create/templates/default/golden-path-service',
    );
  });

  it('says when there are no templates', async () => {
    await renderInTestApp(<GoldenPathsContent />, {
      mountedRoutes: scaffolderRoutes,
      apis: [
        catalogApiMock.mock({
          getEntities: jest.fn().mockResolvedValue({ items: [] }),
        }),
      ],
    });
    expect(await screen.findByText('No golden paths yet')).toBeInTheDocument();
  });
});

describe('RecentTasksContent', () => {
  it("lists the user's tasks, newest first, with status and link", async () => {
    const task = (id: string, createdAt: string, status: string) => ({
      id,
      createdAt,
      status,
      spec: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        steps: [],
        output: {},
        parameters: { name: id },
        templateInfo: {
          entityRef: 'template:default/golden-path-service',
          entity: { metadata: { name: 'golden-path-service', title: 'Node' } },
        },
      },
    });
    const scaffolderApi = scaffolderApiMock.mock({
      listTasks: jest.fn().mockResolvedValue({
        tasks: [
          task('older', '2026-01-01T10:00:00Z', 'completed'),
          task('newer', '2026-01-02T10:00:00Z', 'failed'),
        ],
      }),
    });
    await renderInTestApp(<RecentTasksContent />, {
      mountedRoutes: scaffolderRoutes,
      apis: [scaffolderApi],
    });
    const links = await screen.findAllByRole('link', { name: /^Node: / });
    expect(links.map(link => link.textContent)).toEqual([
      'Node: newer',
      'Node: older',
    ]);
    expect(links[0]).toHaveAttribute('href', '/create/tasks/newer');
    expect(screen.getByText('failed')).toBeInTheDocument();
    expect(scaffolderApi.listTasks).toHaveBeenCalledWith({
      filterByOwnership: 'owned',
      limit: 5,
    });
  });

  it('says when the user has run nothing yet', async () => {
    await renderInTestApp(<RecentTasksContent />, {
      mountedRoutes: scaffolderRoutes,
      apis: [
        scaffolderApiMock.mock({
          listTasks: jest.fn().mockResolvedValue({ tasks: [] }),
        }),
      ],
    });
    expect(
      await screen.findByText('You have not run a golden path yet'),
    ).toBeInTheDocument();
  });
});
