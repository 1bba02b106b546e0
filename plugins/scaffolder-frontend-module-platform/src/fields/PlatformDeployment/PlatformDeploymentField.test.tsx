import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  PlatformApi,
  PlatformConfigResponse,
  ServiceEnvironments,
} from '@internal/plugin-platform-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { platformApiRef } from '../../api/platformApiRef';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { config, webEnvironments } from './fixtures';
import { PlatformDeploymentField } from './PlatformDeploymentField';
import type {
  PlatformDeploymentFieldProps,
  PlatformDeploymentUiOptions,
  PlatformDeploymentValue,
} from './schema';

/** Holds the value as the scaffolder's form does, and reports each change. */
const Harness = (props: {
  initial?: Partial<PlatformDeploymentValue>;
  uiOptions?: PlatformDeploymentUiOptions;
  /** The whole form's values, as the scaffolder passes them in formContext. */
  form?: Record<string, unknown>;
  onValue: (value: PlatformDeploymentValue) => void;
}) => {
  const [formData, setFormData] = useState(props.initial);
  const fieldProps = {
    formData,
    onChange: (value: PlatformDeploymentValue) => {
      setFormData(value);
      props.onValue(value);
    },
    schema: { title: 'Where it runs', description: 'Environments and tier' },
    uiSchema: { 'ui:options': props.uiOptions ?? {} },
    idSchema: { $id: 'root_deployment' },
    rawErrors: [],
    required: true,
    formContext: { formData: props.form ?? {} },
  } as unknown as PlatformDeploymentFieldProps;
  return <PlatformDeploymentField {...fieldProps} />;
};

/**
 * Synchronous on purpose: the tests go straight to a `findBy` query, so the
 * config's arrival happens inside Testing Library's wait and not outside act().
 */
function renderField(
  api: PlatformApi,
  options: Omit<Parameters<typeof Harness>[0], 'onValue'> = {},
) {
  const onValue = jest.fn();
  renderInTestApp(<Harness {...options} onValue={onValue} />, {
    apis: [[platformApiRef, api]],
  });
  return onValue;
}

function answering(response: PlatformConfigResponse): PlatformApi {
  return platformApiWith({ getConfig: jest.fn(async () => response) });
}

describe('PlatformDeploymentField', () => {
  it('says it is loading while the config is on its way', async () => {
    renderField(platformApiWith({ getConfig: () => new Promise(() => {}) }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      "Loading the portal's environments and tiers",
    );
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });

  it('says what failed and retries when asked', async () => {
    const getConfig = jest
      .fn<Promise<PlatformConfigResponse>, []>()
      .mockRejectedValueOnce(
        new Error('Request failed with 503 Service Unavailable', {
          cause: new Error('platform backend is restarting'),
        }),
      )
      .mockResolvedValue(config);
    renderField(platformApiWith({ getConfig }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load the environments and tiers',
    );
    expect(alert).toHaveTextContent(
      'GET /api/platform/config) failed: Request failed with 503 Service Unavailable (platform backend is restarting)',
    );
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByRole('checkbox', { name: /Development/ }),
    ).toBeInTheDocument();
    expect(getConfig).toHaveBeenCalledTimes(2);
  });

  it('names the config key to set when no environments are configured', async () => {
    renderField(answering({ ...config, environments: [] }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No environments are configured');
    expect(alert).toHaveTextContent('platform.environments');
  });

  it('lists the environments in promotion order with title, cluster and approval', async () => {
    renderField(answering(config));
    await screen.findByRole('checkbox', { name: /Development/ });

    expect(screen.getByText('Where it runs *')).toBeInTheDocument();
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes.map(box => box.getAttribute('name'))).toEqual([
      'dev',
      'staging',
      'production',
    ]);
    const labels = boxes.map(box => box.closest('label')!);
    expect(labels[0]).toHaveTextContent('Development');
    expect(labels[0]).toHaveTextContent('dev · cluster nonprod-cluster');
    expect(labels[0]).not.toHaveTextContent('approval required');
    expect(labels[2]).toHaveTextContent('Production');
    expect(labels[2]).toHaveTextContent('production · cluster prod-cluster');
    expect(labels[2]).toHaveTextContent('approval required');
  });

  it('shows each tier with its description, quota in words and GPUs', async () => {
    renderField(answering(config));
    const small = await screen.findByRole('radio', { name: 'Small' });

    expect(small).toHaveAccessibleDescription(
      'The Small tier. Namespace quota: 1 CPU / 1 GiB requested, 2 CPU / 2 GiB limit, 10 pods; each container 100m CPU / 128 MiB requested, 500m / 256 MiB limit',
    );
    expect(
      screen.getByRole('radio', { name: 'GPU inference' }),
    ).toHaveAccessibleDescription(
      /GPUs: 1 per container, 2 per namespace \(nvidia\.com\/gpu\)/,
    );
  });

  it('starts with the first environment and a tier it allows, and reports it', async () => {
    const onValue = renderField(answering(config));

    await waitFor(() =>
      expect(onValue).toHaveBeenCalledWith({
        environments: ['dev'],
        tier: 'small',
      }),
    );
    expect(screen.getByRole('checkbox', { name: /Development/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Small' })).toBeChecked();
  });

  it('starts with the ui:options defaults', async () => {
    const onValue = renderField(answering(config), {
      uiOptions: {
        defaultEnvironments: ['staging', 'production'],
        defaultTier: 'large',
      },
    });
    await waitFor(() =>
      expect(onValue).toHaveBeenCalledWith({
        environments: ['staging', 'production'],
        tier: 'large',
      }),
    );
  });

  it('offers only the tiers of the tiers option, starting with the first', async () => {
    const onValue = renderField(answering(config), {
      uiOptions: { tiers: ['gpu'] },
    });
    await waitFor(() =>
      expect(onValue).toHaveBeenCalledWith({
        environments: ['dev'],
        tier: 'gpu',
      }),
    );
    expect(
      screen.getAllByRole('radio').map(radio => radio.getAttribute('value')),
    ).toEqual(['gpu']);
    expect(screen.getByRole('radio', { name: 'GPU inference' })).toBeChecked();
  });

  it('says so when none of the offered tiers is configured', async () => {
    renderField(answering(config), { uiOptions: { tiers: ['tpu'] } });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "This template's resource tiers are not configured",
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The template offers only tpu',
    );
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
  });

  const shownTiers = () =>
    screen.getAllByRole('radio').map(radio => radio.getAttribute('value'));

  it('shows only the tiers every chosen environment allows, each with its quota', async () => {
    renderField(answering(config), {
      initial: { environments: ['staging'], tier: 'small' },
    });
    await screen.findByRole('radio', { name: 'Large' });
    expect(shownTiers()).toEqual(['small', 'medium', 'large', 'gpu']);
    expect(
      screen.getByText(/Only the tiers allowed in staging are shown\./),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('checkbox', { name: /Development/ }),
    );

    expect(shownTiers()).toEqual(['small', 'medium', 'gpu']);
    expect(
      screen.queryByRole('radio', { name: 'Large' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        /Only the tiers allowed in every chosen environment \(dev, staging\) are shown\./,
      ),
    ).toBeInTheDocument();
    for (const radio of screen.getAllByRole('radio')) {
      expect(radio).toBeEnabled();
    }
    expect(
      screen.getByRole('radio', { name: 'Medium' }),
    ).toHaveAccessibleDescription(
      'The Medium tier. Namespace quota: 2 CPU / 4 GiB requested, 4 CPU / 8 GiB limit, 10 pods; each container 250m CPU / 256 MiB requested, 1 / 512 MiB limit',
    );
    // The chosen tier is allowed everywhere, so it stays and nothing is said.
    expect(screen.getByRole('radio', { name: 'Small' })).toBeChecked();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('checkbox', { name: /Development/ }),
    );
    expect(shownTiers()).toEqual(['small', 'medium', 'large', 'gpu']);
  });

  it('clears a chosen tier that a newly chosen environment does not allow, and says why', async () => {
    const onValue = renderField(answering(config), {
      initial: { environments: ['staging'], tier: 'large' },
    });
    expect(await screen.findByRole('radio', { name: 'Large' })).toBeChecked();

    await userEvent.click(
      screen.getByRole('checkbox', { name: /Development/ }),
    );

    expect(onValue).toHaveBeenLastCalledWith({
      environments: ['dev', 'staging'],
      tier: '',
    });
    expect(screen.getByRole('status')).toHaveTextContent(
      'Large (large) is no longer chosen: dev does not allow it.',
    );
    for (const radio of screen.getAllByRole('radio')) {
      expect(radio).not.toBeChecked();
    }

    // Unticking another environment keeps saying why the tier went.
    await userEvent.click(screen.getByRole('checkbox', { name: /Production/ }));
    expect(onValue).toHaveBeenLastCalledWith({
      environments: ['dev', 'staging', 'production'],
      tier: '',
    });
    expect(screen.getByRole('status')).toHaveTextContent(
      'Large (large) is no longer chosen',
    );

    await userEvent.click(screen.getByRole('radio', { name: 'Medium' }));
    expect(onValue).toHaveBeenLastCalledWith({
      environments: ['dev', 'staging', 'production'],
      tier: 'medium',
    });
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('says so when the form holds a tier a chosen environment does not allow', async () => {
    const onValue = renderField(answering(config), {
      initial: { environments: ['dev'], tier: 'large' },
    });
    expect(
      await screen.findByText(
        'Large (large) is chosen but not allowed in dev: choose one of the tiers shown.',
      ),
    ).toHaveAttribute('role', 'status');
    expect(shownTiers()).toEqual(['small', 'medium', 'gpu']);
    // Kept as it is, so the validation names it on moving on.
    expect(onValue).not.toHaveBeenCalled();
  });

  it('says when no tier is allowed in every chosen environment', async () => {
    const split = {
      ...config,
      environments: config.environments.map(environment =>
        environment.name === 'production'
          ? { ...environment, tiers: ['large'] }
          : environment,
      ),
    };
    renderField(answering(split), {
      initial: { environments: ['dev'], tier: 'small' },
    });
    await userEvent.click(
      await screen.findByRole('checkbox', { name: /Production/ }),
    );

    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Small (small) is no longer chosen: production does not allow it. No tier is allowed in every chosen environment (dev allows small, medium, gpu; production allows large): choose other environments.',
    );
  });

  it('reports the chosen environments in promotion order and the chosen tier', async () => {
    const onValue = renderField(answering(config), {
      initial: { environments: ['production'], tier: 'small' },
    });
    await userEvent.click(
      await screen.findByRole('checkbox', { name: /Staging/ }),
    );
    expect(onValue).toHaveBeenLastCalledWith({
      environments: ['staging', 'production'],
      tier: 'small',
    });

    await userEvent.click(screen.getByRole('radio', { name: 'Large' }));
    expect(onValue).toHaveBeenLastCalledWith({
      environments: ['staging', 'production'],
      tier: 'large',
    });

    await userEvent.click(screen.getByRole('checkbox', { name: /Production/ }));
    expect(onValue).toHaveBeenLastCalledWith({
      environments: ['staging'],
      tier: 'large',
    });
  });

  describe('for an existing service (entityField)', () => {
    const forWeb = {
      uiOptions: { entityField: 'entity' },
      form: { entity: 'component:default/web', kind: 'environments' },
    };

    function answeringFor(
      existing: () => Promise<ServiceEnvironments>,
    ): PlatformApi {
      return platformApiWith({
        getConfig: async () => config,
        getServiceEnvironments: jest.fn(existing),
      });
    }

    it('marks the environments the chosen service has already, and does not offer them', async () => {
      const api = answeringFor(async () => webEnvironments);
      const onValue = renderField(api, forWeb);

      await waitFor(() =>
        expect(onValue).toHaveBeenCalledWith({
          environments: ['staging'],
          tier: 'small',
        }),
      );
      expect(api.getServiceEnvironments).toHaveBeenCalledWith(
        'component:default/web',
      );
      const dev = screen.getByRole('checkbox', { name: /Development/ });
      expect(dev).toBeDisabled();
      expect(dev).not.toBeChecked();
      const label = dev.closest('label')!;
      expect(label).toHaveTextContent('already present');
      expect(label).toHaveTextContent(
        'Its namespace web-dev is there already.',
      );
      expect(screen.getByRole('checkbox', { name: /Staging/ })).toBeChecked();
      expect(
        screen.getByRole('checkbox', { name: /Production/ }),
      ).toBeEnabled();
      expect(
        screen.getByText(
          /Those it has already are marked and cannot be chosen again\./,
        ),
      ).toBeInTheDocument();
    });

    it('says it is checking, and offers nothing until it knows', async () => {
      let answer: (existing: ServiceEnvironments) => void = () => {};
      const onValue = renderField(
        answeringFor(
          () =>
            new Promise<ServiceEnvironments>(resolve => {
              answer = resolve;
            }),
        ),
        forWeb,
      );
      expect(
        await screen.findByText(
          'Checking which environments component:default/web has already…',
        ),
      ).toHaveAttribute('role', 'status');
      expect(screen.getByRole('checkbox', { name: /Staging/ })).toBeDisabled();
      expect(onValue).not.toHaveBeenCalled();

      act(() => answer(webEnvironments));
      await waitFor(() =>
        expect(screen.getByRole('checkbox', { name: /Staging/ })).toBeEnabled(),
      );
      expect(screen.queryByRole('status')).not.toBeInTheDocument();
    });

    it('drops an environment it has from what the form held', async () => {
      const onValue = renderField(
        answeringFor(async () => webEnvironments),
        {
          ...forWeb,
          initial: { environments: ['dev', 'production'], tier: 'medium' },
        },
      );
      await waitFor(() =>
        expect(onValue).toHaveBeenCalledWith({
          environments: ['production'],
          tier: 'medium',
        }),
      );
    });

    it('says when it has every environment already', async () => {
      renderField(
        answeringFor(async () => ({
          ...webEnvironments,
          environments: webEnvironments.environments.map(e => ({
            ...e,
            present: true,
          })),
        })),
        forWeb,
      );
      expect(
        await screen.findByText(
          'component:default/web has a namespace in every environment already: there is none to add.',
        ),
      ).toBeInTheDocument();
      for (const box of screen.getAllByRole('checkbox')) {
        expect(box).toBeDisabled();
      }
    });

    it('offers every environment when it cannot tell, says so, and retries', async () => {
      const getServiceEnvironments = jest
        .fn<Promise<ServiceEnvironments>, [string]>()
        .mockRejectedValueOnce(
          new Error('Request failed with 503 Service Unavailable'),
        )
        .mockResolvedValue(webEnvironments);
      renderField(
        platformApiWith({
          getConfig: async () => config,
          getServiceEnvironments,
        }),
        forWeb,
      );
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'Could not check which environments it has',
      );
      expect(alert).toHaveTextContent(
        'Loading the environments of component:default/web failed: Request failed with 503 Service Unavailable. Every environment is offered; the request is checked again when it runs.',
      );
      expect(
        screen.getByRole('checkbox', { name: /Development/ }),
      ).toBeEnabled();

      await userEvent.click(
        within(alert).getByRole('button', { name: 'Retry' }),
      );
      await waitFor(() =>
        expect(
          screen.getByRole('checkbox', { name: /Development/ }),
        ).toBeDisabled(),
      );
      expect(getServiceEnvironments).toHaveBeenCalledTimes(2);
    });

    it('asks to choose the service first when the form has none', async () => {
      renderField(
        answeringFor(async () => webEnvironments),
        {
          uiOptions: { entityField: 'entity' },
        },
      );
      expect(
        await screen.findByText(
          'Choose the service first: the environments it has already are then marked.',
        ),
      ).toBeInTheDocument();
    });

    it('asks nothing without the option: the golden path offers every environment', async () => {
      const api = answeringFor(async () => webEnvironments);
      const onValue = renderField(api, { form: forWeb.form });
      await waitFor(() =>
        expect(onValue).toHaveBeenCalledWith({
          environments: ['dev'],
          tier: 'small',
        }),
      );
      expect(api.getServiceEnvironments).not.toHaveBeenCalled();
      expect(screen.queryByText('already present')).not.toBeInTheDocument();
    });
  });
});
