import { errorApiRef, storageApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { UserSettingsStorage } from '@backstage/plugin-user-settings';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { JsonObject } from '@backstage/types';
import type { ReactNode } from 'react';
import { usePickedTeam } from './useTeams';

type SignalApi = NonNullable<
  Parameters<typeof UserSettingsStorage.create>[0]['signalApi']
>;

/**
 * The user-settings backend as the browser sees it: values per bucket and
 * key, and the `user-settings` signal it publishes on every change. As on
 * the real backend, the signal is sent before the response, and here it
 * reaches the browser first: the order that made a cleared team come back.
 */
function userSettingsBackend() {
  const values = new Map<string, unknown>();
  const listeners = new Set<(message: { key: string }) => void>();
  const signalApi: SignalApi = {
    subscribe(channel, onMessage) {
      const listener = (message: { key: string }) =>
        (onMessage as (message: JsonObject) => void)(message);
      if (channel === 'user-settings') listeners.add(listener);
      return { unsubscribe: () => listeners.delete(listener) };
    },
  };
  const respond = (status: number, body?: unknown) =>
    new Promise<Response>(resolve =>
      // Later than the signal, sooner than the storage's 10 ms read batch.
      setTimeout(
        () =>
          resolve(
            new Response(body === undefined ? null : JSON.stringify(body), {
              status,
              headers: { 'content-type': 'application/json' },
            }),
          ),
        3,
      ),
    );
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    if (url.pathname.endsWith('/multiget')) {
      const { items } = JSON.parse(String(init?.body));
      return respond(200, {
        items: items.map(({ bucket, key }: { bucket: string; key: string }) =>
          values.has(`${bucket}/${key}`)
            ? { bucket, key, value: values.get(`${bucket}/${key}`) }
            : null,
        ),
      });
    }
    const [, bucket, key] =
      url.pathname.match(/\/buckets\/([^/]+)\/keys\/([^/]+)$/) ?? [];
    const id = `${decodeURIComponent(bucket)}/${decodeURIComponent(key)}`;
    if (method === 'PUT') {
      const { value } = JSON.parse(String(init?.body));
      values.set(id, value);
    } else if (method === 'DELETE') {
      values.delete(id);
    }
    for (const listener of listeners)
      listener({ key: decodeURIComponent(key) });
    return method === 'PUT'
      ? respond(200, { bucket, key, value: values.get(id) })
      : respond(204);
  };
  return { values, signalApi, fetchApi: { fetch } };
}

function renderPickedTeam() {
  const backend = userSettingsBackend();
  const errorApi = mockApis.error();
  const storageApi = UserSettingsStorage.create({
    namespace: `home-test-${Math.random()}`,
    fetchApi: backend.fetchApi,
    discoveryApi: mockApis.discovery(),
    errorApi,
    identityApi: mockApis.identity({ token: 'a-token' }),
    signalApi: backend.signalApi,
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider
      apis={[
        [storageApiRef, storageApi],
        [errorApiRef, errorApi],
      ]}
    >
      {children}
    </TestApiProvider>
  );
  return { backend, ...renderHook(() => usePickedTeam(), { wrapper }) };
}

describe('usePickedTeam, kept in user settings', () => {
  it('loads, then holds a picked team', async () => {
    const { result } = renderPickedTeam();
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.team).toBeUndefined();

    act(() => result.current.setTeam('group:default/payments-team'));
    await waitFor(() =>
      expect(result.current.team).toBe('group:default/payments-team'),
    );
  });

  it('stays cleared when the change signal beats the response', async () => {
    const { result, backend } = renderPickedTeam();
    await waitFor(() => expect(result.current.loading).toBe(false));
    act(() => result.current.setTeam('group:default/payments-team'));
    await waitFor(() =>
      expect(result.current.team).toBe('group:default/payments-team'),
    );

    act(() => result.current.setTeam(undefined));
    await waitFor(() => expect(result.current.team).toBeUndefined());
    expect([...backend.values.values()]).toEqual([]);
    // Stale reads arrive within the storage's read batch and cache window.
    await act(() => new Promise(resolve => setTimeout(resolve, 100)));
    expect(result.current.team).toBeUndefined();
    expect(result.current.loading).toBe(false);
  });
});
