import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { platformApiRef } from '../../api/platformApiRef';
import { config } from '../PlatformDeployment/fixtures';
import { invoiceService, invoiceServiceAvailability } from './fixtures';
import { PlatformConfirmNameField } from './PlatformConfirmNameField';
import type { PlatformConfirmNameFieldProps } from './schema';

/** The field in a form whose entity field holds `entity`, keeping what is typed. */
function renderField(options: {
  entity?: string;
  authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  onChange?: (value: string) => void;
}) {
  const getNameAvailability = jest.fn(async () => invoiceServiceAvailability);
  const Form = () => {
    const [value, setValue] = useState<string | undefined>(undefined);
    const props = {
      formData: value,
      onChange: (next: string) => {
        setValue(next);
        options.onChange?.(next);
      },
      schema: { title: "Type the service's name to confirm" },
      uiSchema: {},
      idSchema: { $id: 'root_confirmation' },
      formContext: {
        formData: options.entity ? { entity: options.entity } : {},
      },
      rawErrors: [],
    } as unknown as PlatformConfirmNameFieldProps;
    return <PlatformConfirmNameField {...props} />;
  };
  renderInTestApp(<Form />, {
    apis: [
      [catalogApiRef, catalogApiMock({ entities: [invoiceService] })],
      [
        platformApiRef,
        platformApiWith({ getConfig: async () => config, getNameAvailability }),
      ],
      [
        permissionApiRef,
        mockApis.permission({
          authorize: options.authorize ?? AuthorizeResult.ALLOW,
        }),
      ],
    ],
  });
  return { getNameAvailability };
}

describe('PlatformConfirmNameField', () => {
  it('lists what will be removed, per environment, and whether it is there', async () => {
    const { getNameAvailability } = renderField({
      entity: 'component:default/invoice-service',
    });
    const namespaces = await screen.findByRole('region', {
      name: 'Namespaces',
    });
    await waitFor(() =>
      expect(namespaces).toHaveTextContent('not there: nothing to do'),
    );
    expect(
      within(namespaces)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Namespace invoice-service-dev on nonprod-cluster (Development): deleted with everything running in it',
      'Namespace invoice-service-staging on nonprod-cluster (Staging): not there: nothing to do',
      'Namespace invoice-service-production on prod-cluster (Production): belongs to component:default/invoices, not this service: it is left, and the step fails',
    ]);
    // The repository's organisation from the entity's project slug.
    expect(getNameAvailability).toHaveBeenCalledWith('invoice-service', {
      owner: 'acme',
    });
    expect(
      screen.getByRole('region', { name: 'Repository' }),
    ).toHaveTextContent(
      'Repository github.com/acme/invoice-service: archived: read-only, its code and history kept',
    );
    expect(screen.getByRole('region', { name: 'Catalog' })).toHaveTextContent(
      'Catalog entry component:default/invoice-service: removed with its location https://github.com/acme/invoice-service/blob/main/catalog-info.yaml',
    );
    expect(screen.queryByText(/You may not/)).not.toBeInTheDocument();
  });

  it('says what to type, and when the text is not the name', async () => {
    const onChange = jest.fn();
    renderField({ entity: 'component:default/invoice-service', onChange });
    const input = await screen.findByLabelText(
      "Type the service's name to confirm",
    );
    expect(
      screen.getByText(/^Type invoice-service to confirm\./),
    ).toBeInTheDocument();

    await userEvent.type(input, 'invoice');
    expect(
      screen.getByText(
        "must be 'invoice-service' exactly, the name of the service to decommission",
      ),
    ).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');

    await userEvent.type(input, '-service');
    expect(onChange).toHaveBeenLastCalledWith('invoice-service');
    expect(screen.queryByText(/must be 'invoice-service'/)).toBeNull();
    expect(input).toHaveAttribute('aria-invalid', 'false');
  });

  it('says when the user may not decommission the service', async () => {
    renderField({
      entity: 'component:default/invoice-service',
      authorize: AuthorizeResult.DENY,
    });
    expect(
      await screen.findByText(
        "You may not decommission component:default/invoice-service: only members of its owner (group:default/payments-team) and of the portal's admin groups may.",
      ),
    ).toBeInTheDocument();
  });

  it('asks for the service first, and says when it is gone already', async () => {
    renderField({});
    expect(
      await screen.findByText(
        'Go back and choose the service to decommission.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText("Type the service's name to confirm"),
    ).toBeDisabled();
  });

  it('says when the service is not in the catalog', async () => {
    renderField({ entity: 'component:default/retired-service' });
    expect(
      await screen.findByText(
        'component:default/retired-service is not in the catalog: it is gone already, and the task will have nothing to remove.',
      ),
    ).toBeInTheDocument();
  });
});
