import {
  identityApiRef,
  storageApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

const TEAM_KEY = 'team';

/** The groups the signed-in user belongs to, from their identity's ownership refs. */
export function useMembershipTeams() {
  const identityApi = useApi(identityApiRef);
  return useAsyncRetry(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    return ownershipEntityRefs.filter(
      ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
    );
  }, [identityApi]);
}

/**
 * The team a user picked on the home page, kept in user settings storage
 * (per browser for a guest). Members of groups do not need one.
 */
export function usePickedTeam(): [
  string | undefined,
  (team: string | undefined) => void,
] {
  const storageApi = useApi(storageApiRef);
  const bucket = useMemo(() => storageApi.forBucket('home'), [storageApi]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const subscription = bucket.observe$<string>(TEAM_KEY).subscribe({
        next: onChange,
      });
      return () => subscription.unsubscribe();
    },
    [bucket],
  );
  const team = useSyncExternalStore(
    subscribe,
    () => bucket.snapshot<string>(TEAM_KEY).value,
  );
  const setTeam = useCallback(
    (value: string | undefined) => {
      if (value) bucket.set(TEAM_KEY, value);
      else bucket.remove(TEAM_KEY);
    },
    [bucket],
  );
  return [team, setTeam];
}
