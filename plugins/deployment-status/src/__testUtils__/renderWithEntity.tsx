import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import type { JsonObject } from '@backstage/types';
import type { DeploymentStatusApi } from '@internal/plugin-deployment-status-common';
import { act } from '@testing-library/react';
import type { ReactElement } from 'react';
import { deploymentStatusApiRef } from '../api/deploymentStatusApiRef';
import { entity as defaultEntity } from './fixtures';

/** A signal API that delivers what the test publishes, as the real one would. */
export function fakeSignals() {
  const listeners = new Map<string, Set<(message: JsonObject) => void>>();
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const listener = onMessage as (message: JsonObject) => void;
      set.add(listener);
      return { unsubscribe: () => set.delete(listener) };
    },
  };
  return {
    api,
    publish(channel: string, message: JsonObject) {
      act(() => listeners.get(channel)?.forEach(listener => listener(message)));
    },
  };
}

/**
 * Renders an element of the plugin on an entity's page. Synchronous on
 * purpose: tests go straight to a `findBy` query, so the answer arrives
 * inside Testing Library's wait.
 */
export function renderWithEntity(
  element: ReactElement,
  options: {
    api: DeploymentStatusApi;
    signals?: SignalApi;
    entity?: Entity;
  },
) {
  const page = (
    <EntityProvider entity={options.entity ?? defaultEntity}>
      {element}
    </EntityProvider>
  );
  const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };
  // Without a signal API the app has no live updates, as when the signals
  // plugin is not installed.
  if (options.signals) {
    renderInTestApp(page, {
      apis: [
        [deploymentStatusApiRef, options.api],
        [signalApiRef, options.signals],
      ],
      mountedRoutes,
    });
  } else {
    renderInTestApp(page, {
      apis: [[deploymentStatusApiRef, options.api]],
      mountedRoutes,
    });
  }
}
