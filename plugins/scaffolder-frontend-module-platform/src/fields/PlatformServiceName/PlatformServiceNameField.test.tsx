import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  NameAvailability,
  PlatformApi,
} from '@internal/plugin-platform-common';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { platformApiRef } from '../../api/platformApiRef';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { config } from '../PlatformDeployment/fixtures';
import { freeName, takenName } from './fixtures';
import { PlatformServiceNameField } from './PlatformServiceNameField';
import type {
  PlatformServiceNameFieldProps,
  PlatformServiceNameUiOptions,
} from './schema';

/** Holds the value as the scaffolder's form does. */
const Harness = (props: {
  initial?: string;
  uiOptions?: PlatformServiceNameUiOptions;
}) => {
  const [formData, setFormData] = useState(props.initial);
  const fieldProps = {
    formData,
    onChange: setFormData,
    schema: { title: 'Name', description: 'Name of the service' },
    uiSchema: { 'ui:options': props.uiOptions ?? {} },
    idSchema: { $id: 'root_name' },
    rawErrors: [],
    required: true,
  } as unknown as PlatformServiceNameFieldProps;
  return <PlatformServiceNameField {...fieldProps} />;
};

function renderField(
  api: PlatformApi,
  options: Parameters<typeof Harness>[0] = {},
) {
  renderInTestApp(<Harness {...options} />, {
    apis: [[platformApiRef, api]],
  });
}

function answering(answer: (name: string) => NameAvailability) {
  return platformApiWith({
    getConfig: jest.fn(async () => config),
    getNameAvailability: jest.fn(async (name: string) => answer(name)),
  });
}

const nameBox = () => screen.findByRole('textbox', { name: /Name/ });

/** Lets the debounce run out, inside act() since it updates the field. */
const pauseTyping = () =>
  act(() => new Promise(resolve => setTimeout(resolve, 500)));

describe('PlatformServiceNameField', () => {
  it('shows every rule the name breaks as it is typed, and asks the backend nothing', async () => {
    const api = answering(freeName);
    renderField(api);
    await userEvent.type(await nameBox(), 'kube-Invoice');

    const rules = await screen.findByRole('list', {
      name: 'Naming rules broken',
    });
    expect(
      within(rules)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      "It must be a DNS label: lowercase letters, digits and '-', starting with a letter and not ending with '-' (got 'kube-Invoice').",
      "It 'kube-Invoice' is reserved for Kubernetes itself (default, kube-system, kube-public, kube-node-lease, kube-*, openshift-*).",
      "It gives the reserved namespace 'kube-Invoice-dev' in dev.",
      "It gives the reserved namespace 'kube-Invoice-staging' in staging.",
      "It gives the reserved namespace 'kube-Invoice-production' in production.",
    ]);
    expect(await nameBox()).toHaveAttribute('aria-invalid', 'true');
    await pauseTyping();
    expect(api.getNameAvailability).not.toHaveBeenCalled();
  });

  it('checks the name once typing pauses, and says where it is free', async () => {
    const api = answering(freeName);
    renderField(api);
    await userEvent.type(await nameBox(), 'invoice-service');

    expect(screen.getByRole('status')).toHaveTextContent(
      "Checking whether the repository and namespaces of 'invoice-service' are free",
    );
    const list = await screen.findByRole('list', { name: 'Availability' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'acme/invoice-service is free on GitHub',
      'invoice-service-dev is free on nonprod-cluster',
      'invoice-service-staging is free on nonprod-cluster',
      'invoice-service-production is free on prod-cluster',
    ]);
    expect(
      screen.getByText("'invoice-service' is free everywhere it is needed"),
    ).toBeInTheDocument();
    // Debounced: one question, for the whole name.
    expect(api.getNameAvailability).toHaveBeenCalledTimes(1);
    expect(api.getNameAvailability).toHaveBeenCalledWith('invoice-service', {
      owner: undefined,
      host: undefined,
    });
  });

  it('says what is taken, by whom, and what could not be checked', async () => {
    renderField(answering(takenName), {
      initial: 'ledger',
      uiOptions: { repositoryOwner: 'acme' },
    });
    const list = await screen.findByRole('list', { name: 'Availability' });
    expect(
      screen.getByText("'ledger' is taken: choose another name"),
    ).toBeInTheDocument();
    const items = within(list).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'acme/ledger already exists on GitHub',
      'ledger-dev already exists on nonprod-cluster, for component:default/ledger',
      'ledger-staging is free on nonprod-cluster',
      'ledger-production on prod-cluster could not be checked: Could not read Namespace ledger-production on cluster prod-cluster: HTTP 503',
    ]);
    expect(within(items[0]).getByLabelText('Status error')).toBeInTheDocument();
    expect(within(items[2]).getByLabelText('Status ok')).toBeInTheDocument();
    expect(
      within(items[3]).getByLabelText('Status warning'),
    ).toBeInTheDocument();
  });

  it('says what failed when the check fails, and checks again when asked', async () => {
    const getNameAvailability = jest
      .fn<Promise<NameAvailability>, [string]>()
      .mockRejectedValueOnce(
        new Error('Request failed with 503 Service Unavailable', {
          cause: new Error('platform backend is restarting'),
        }),
      )
      .mockImplementation(async name => freeName(name));
    renderField(
      platformApiWith({ getConfig: async () => config, getNameAvailability }),
      { initial: 'ledger' },
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Could not check whether 'ledger' is free");
    expect(alert).toHaveTextContent(
      'Request failed with 503 Service Unavailable (platform backend is restarting)',
    );
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByText('acme/ledger is free on GitHub'),
    ).toBeInTheDocument();
    expect(getNameAvailability).toHaveBeenCalledTimes(2);
  });

  it('shows the naming rules even while the config is on its way, and waits for it to check', async () => {
    const api = platformApiWith({
      getConfig: () => new Promise(() => {}),
      getNameAvailability: jest.fn(),
    });
    renderField(api);
    await userEvent.type(await nameBox(), 'Web');
    expect(
      await screen.findByRole('list', { name: 'Naming rules broken' }),
    ).toHaveTextContent('It must be a DNS label');
    await userEvent.clear(await nameBox());
    await userEvent.type(await nameBox(), 'web');
    await pauseTyping();
    expect(screen.getByRole('status')).toHaveTextContent(
      "Checking whether the repository and namespaces of 'web' are free",
    );
    expect(api.getNameAvailability).not.toHaveBeenCalled();
  });
});
