import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  PlatformApi,
  PlatformConfigResponse,
} from '@internal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { platformApiRef } from '../../api/platformApiRef';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { config } from './fixtures';
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

  it('disables a tier some chosen environment does not allow, and says why', async () => {
    renderField(answering(config), {
      initial: { environments: ['staging'], tier: 'small' },
    });
    const large = await screen.findByRole('radio', { name: 'Large' });
    expect(large).toBeEnabled();

    await userEvent.click(
      screen.getByRole('checkbox', { name: /Development/ }),
    );

    expect(large).toBeDisabled();
    expect(large).toHaveAccessibleDescription(/Not allowed in dev$/);
    expect(screen.getByRole('radio', { name: 'Medium' })).toBeEnabled();
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
});
