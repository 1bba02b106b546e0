import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { ServiceEnvironments } from '@internal/plugin-platform-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { platformApiRef } from '../../api/platformApiRef';
import { webWithPreviews } from './fixtures';
import { PlatformPreviewField } from './PlatformPreviewField';
import type { PlatformPreviewFieldProps } from './schema';

/** The field in a form whose entity field holds `entity`, keeping its value. */
function renderField(options: {
  entity?: string;
  initial?: string;
  getServiceEnvironments?: (ref: string) => Promise<ServiceEnvironments>;
}) {
  const onChange = jest.fn();
  const getServiceEnvironments = jest.fn(
    options.getServiceEnvironments ?? (async () => webWithPreviews(Date.now())),
  );
  const Form = () => {
    const [value, setValue] = useState<string | undefined>(options.initial);
    const props = {
      formData: value,
      onChange: (next: string | undefined) => {
        setValue(next);
        onChange(next);
      },
      schema: { title: 'Preview', description: 'The preview to keep longer' },
      uiSchema: {},
      idSchema: { $id: 'root_preview_suffix' },
      formContext: {
        formData: options.entity ? { entity: options.entity } : {},
      },
      rawErrors: [],
    } as unknown as PlatformPreviewFieldProps;
    return <PlatformPreviewField {...props} />;
  };
  renderInTestApp(<Form />, {
    apis: [[platformApiRef, platformApiWith({ getServiceEnvironments })]],
  });
  return { onChange, getServiceEnvironments };
}

describe('PlatformPreviewField', () => {
  it("lists the service's previews with their expiry, and picks one", async () => {
    const { onChange, getServiceEnvironments } = renderField({
      entity: 'web',
    });
    await userEvent.click(
      await screen.findByRole('combobox', { name: /Preview/ }),
    );
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(option => option.textContent)).toEqual([
      expect.stringMatching(
        /^pr-42 \(expires \d{4}-\d\d-\d\d \d\d:\d\d UTC, in 5 h (19|20) min\)$/,
      ),
      'pr-7 (has expired; the preview reaper deletes it)',
      'pr-9 (belongs to component:default/other)',
    ]);
    expect(options[1]).toHaveAttribute('aria-disabled', 'true');
    expect(options[2]).toHaveAttribute('aria-disabled', 'true');
    expect(getServiceEnvironments).toHaveBeenCalledWith(
      'component:default/web',
    );

    await userEvent.click(options[0]);
    expect(onChange).toHaveBeenLastCalledWith('pr-42');
    expect(
      screen.getByText(
        /^Namespace web-preview-pr-42 on nonprod-cluster, expires .* The new time-to-live must end later\.$/,
      ),
    ).toBeInTheDocument();
  });

  it('asks for the service first', async () => {
    const { getServiceEnvironments } = renderField({});
    expect(
      await screen.findByText(/Choose the service first/),
    ).toBeInTheDocument();
    expect(getServiceEnvironments).not.toHaveBeenCalled();
  });

  it('says when the service has no previews', async () => {
    renderField({
      entity: 'web',
      getServiceEnvironments: async () => ({
        ...webWithPreviews(Date.now()),
        previews: [],
      }),
    });
    expect(
      await screen.findByText(
        /component:default\/web has no previews to extend/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('says why a name kept from a new preview is not one of them', async () => {
    renderField({ entity: 'web', initial: 'pr-1' });
    expect(
      await screen.findByText(
        "component:default/web has no preview 'pr-1' to extend; its previews: pr-42",
      ),
    ).toBeInTheDocument();
  });

  it('takes a typed name, and offers a retry, when the previews cannot be listed', async () => {
    let calls = 0;
    const { onChange } = renderField({
      entity: 'web',
      getServiceEnvironments: async () => {
        calls += 1;
        if (calls === 1) throw new Error('Request failed with 503');
        return webWithPreviews(Date.now());
      },
    });
    expect(
      await screen.findByText(
        /The previews of component:default\/web could not be listed \(Request failed with 503\)/,
      ),
    ).toBeInTheDocument();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Preview/ }),
      'pr-42',
    );
    expect(onChange).toHaveBeenLastCalledWith('pr-42');

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(
        screen.getByRole('combobox', { name: /Preview/ }),
      ).toHaveTextContent(/^pr-42 \(expires/),
    );
  });

  it("says why the cluster's previews are unknown", async () => {
    renderField({
      entity: 'web',
      getServiceEnvironments: async () => ({
        ...webWithPreviews(Date.now()),
        previews: [],
        previewsError: 'nonprod-cluster did not answer: connect ECONNREFUSED',
      }),
    });
    expect(
      await screen.findByText(
        /could not be listed \(nonprod-cluster did not answer: connect ECONNREFUSED\)/,
      ),
    ).toBeInTheDocument();
  });
});
