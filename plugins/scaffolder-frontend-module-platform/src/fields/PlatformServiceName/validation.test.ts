import type { ApiHolder } from '@backstage/frontend-plugin-api';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import type { PlatformApi } from '@internal/plugin-platform-common';
import { platformApiRef } from '../../api/platformApiRef';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { config } from '../PlatformDeployment/fixtures';
import { freeName, takenName } from './fixtures';
import type { PlatformServiceNameUiOptions } from './schema';
import { validatePlatformServiceName } from './validation';

function apiHolder(api?: PlatformApi): ApiHolder {
  return {
    get: ref => (ref.id === platformApiRef.id ? api : undefined) as any,
  };
}

async function messages(
  value: string,
  api: PlatformApi | null,
  uiOptions?: PlatformServiceNameUiOptions,
): Promise<string[]> {
  const validation = createFieldValidation();
  await validatePlatformServiceName(value, validation, {
    apiHolder: apiHolder(api ?? undefined),
    formData: {},
    schema: {},
    uiSchema: uiOptions ? { 'ui:options': uiOptions } : undefined,
  });
  return validation.__errors ?? [];
}

const answering = (answer: typeof freeName) =>
  platformApiWith({
    getConfig: async () => config,
    getNameAvailability: jest.fn(async (name: string) => answer(name)),
  });

describe('validatePlatformServiceName', () => {
  it('accepts a valid name whose repository and namespaces are free', async () => {
    const api = answering(freeName);
    expect(await messages('invoice-service', api)).toEqual([]);
    expect(api.getNameAvailability).toHaveBeenCalledWith('invoice-service', {
      owner: undefined,
      host: undefined,
    });
  });

  it('refuses a name breaking the rules with every rule, and asks the backend nothing', async () => {
    const api = answering(freeName);
    expect(await messages('kube-Invoice', api)).toEqual([
      "must be a DNS label: lowercase letters, digits and '-', starting with a letter and not ending with '-' (got 'kube-Invoice')",
      "'kube-Invoice' is reserved for Kubernetes itself (default, kube-system, kube-public, kube-node-lease, kube-*, openshift-*)",
      "gives the reserved namespace 'kube-Invoice-dev' in dev",
      "gives the reserved namespace 'kube-Invoice-staging' in staging",
      "gives the reserved namespace 'kube-Invoice-production' in production",
    ]);
    expect(await messages('a'.repeat(60), api)).toEqual([
      `may have at most 52 characters, so that its namespace in every environment stays within 63 ('${'a'.repeat(
        60,
      )}-production' in production has 71)`,
    ]);
    expect(api.getNameAvailability).not.toHaveBeenCalled();
  });

  it('refuses a taken name, saying what is taken and what could not be checked', async () => {
    expect(await messages('ledger', answering(takenName))).toEqual([
      'acme/ledger already exists on GitHub',
      'ledger-dev already exists on nonprod-cluster, for component:default/ledger',
      'ledger-production on prod-cluster could not be checked: Could not read Namespace ledger-production on cluster prod-cluster: HTTP 503',
    ]);
  });

  it("checks the repository in the ui:options' owner and host", async () => {
    const api = answering(freeName);
    await messages('ledger', api, {
      repositoryOwner: 'acme-labs',
      repositoryHost: 'ghe.acme.example',
    });
    expect(api.getNameAvailability).toHaveBeenCalledWith('ledger', {
      owner: 'acme-labs',
      host: 'ghe.acme.example',
    });
  });

  it('says what failed when the backend cannot answer', async () => {
    const failing = platformApiWith({
      getConfig: async () => config,
      getNameAvailability: async () => {
        throw new Error('Request failed with 503 Service Unavailable', {
          cause: new Error('platform backend is restarting'),
        });
      },
    });
    expect(await messages('ledger', failing)).toEqual([
      "cannot be checked: asking whether 'ledger' is free failed: Request failed with 503 Service Unavailable (platform backend is restarting)",
    ]);
    const noConfig = platformApiWith({
      getConfig: async () => {
        throw new Error('Request failed with 502 Bad Gateway');
      },
    });
    expect(await messages('ledger', noConfig)).toEqual([
      'cannot be checked: loading the platform config (GET /api/platform/config) failed: Request failed with 502 Bad Gateway',
    ]);
    expect(await messages('ledger', null)).toEqual([
      'cannot be checked: this app provides no plugin.platform.api API',
    ]);
  });

  it("leaves an empty name to the schema's required", async () => {
    expect(await messages('', answering(freeName))).toEqual([]);
  });
});
