import type { ApiHolder } from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { validatePlatformConfirmName } from './validation';

async function messages(
  value: string | undefined,
  formData: Record<string, unknown>,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  uiOptions?: { entityField?: string },
): Promise<{ errors: string[]; asked: unknown[] }> {
  const permission = mockApis.permission({ authorize });
  const asked: unknown[] = [];
  const authorizeSpy = jest
    .spyOn(permission, 'authorize')
    .mockImplementation(async request => {
      asked.push(request);
      return { result: authorize };
    });
  const apiHolder: ApiHolder = {
    get: ref =>
      (ref.id === permissionApiRef.id ? permission : undefined) as any,
  };
  const validation = createFieldValidation();
  await validatePlatformConfirmName(value as string, validation, {
    apiHolder,
    formData: formData as any,
    schema: {},
    uiSchema: uiOptions ? { 'ui:options': uiOptions } : undefined,
  });
  authorizeSpy.mockRestore();
  return { errors: validation.__errors ?? [], asked };
}

const chosen = { entity: 'component:default/invoice-service' };

describe('validatePlatformConfirmName', () => {
  it("accepts exactly the chosen service's name, once the user may delete it", async () => {
    const { errors, asked } = await messages('invoice-service', chosen);
    expect(errors).toEqual([]);
    expect(asked).toEqual([
      {
        permission: expect.objectContaining({ name: 'catalog.entity.delete' }),
        resourceRef: 'component:default/invoice-service',
      },
    ]);
  });

  it('refuses anything else, and asks nothing', async () => {
    for (const typed of [
      'invoice',
      'Invoice-Service',
      ' invoice-service',
      '',
    ]) {
      const { errors, asked } = await messages(typed, chosen);
      expect(errors).toEqual([
        "must be 'invoice-service' exactly, the name of the service to decommission",
      ]);
      expect(asked).toEqual([]);
    }
  });

  it('refuses a user who may not delete the entity', async () => {
    const { errors } = await messages(
      'invoice-service',
      chosen,
      AuthorizeResult.DENY,
    );
    expect(errors).toEqual([
      "you may not decommission component:default/invoice-service: only members of its owner group and of the portal's admin groups may",
    ]);
  });

  it('asks for the service first, from the field ui:options name', async () => {
    expect((await messages('invoice-service', {})).errors).toEqual([
      'choose the service to decommission first',
    ]);
    expect(
      (
        await messages(
          'invoice-service',
          { service: 'invoice-service' },
          AuthorizeResult.ALLOW,
          { entityField: 'service' },
        )
      ).errors,
    ).toEqual([]);
  });
});
