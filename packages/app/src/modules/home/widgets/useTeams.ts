import {
  errorApiRef,
  identityApiRef,
  storageApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { useCallback, useEffect, useMemo, useState } from 'react';
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
 * The team a user picked on the home page, kept in the storage API (user
 * settings when signed in, the browser's storage otherwise). Members of
 * groups do not need one. `loading` holds until the stored value is known:
 * user settings storage only tells it through `observe$`.
 *
 * Once a change is saved, the value is read again on a new subscription.
 * User settings storage answers the signal of our own change from its read
 * cache, and that answer can arrive after the change itself: a cleared team
 * would come back. The new subscription reads past the cache the change
 * cleared, and the old one, with the stale answer, is closed.
 */
export function usePickedTeam(): {
  team?: string;
  loading: boolean;
  setTeam: (team: string | undefined) => void;
} {
  const storageApi = useApi(storageApiRef);
  const errorApi = useApi(errorApiRef);
  const bucket = useMemo(() => storageApi.forBucket('home'), [storageApi]);
  const [snapshot, setSnapshot] = useState(() =>
    bucket.snapshot<string>(TEAM_KEY),
  );
  const [saves, setSaves] = useState(0);
  useEffect(() => {
    const subscription = bucket
      .observe$<string>(TEAM_KEY)
      .subscribe({ next: setSnapshot });
    return () => subscription.unsubscribe();
  }, [bucket, saves]);
  const setTeam = useCallback(
    (value: string | undefined) => {
      const saved = value
        ? bucket.set(TEAM_KEY, value)
        : bucket.remove(TEAM_KEY);
      saved.then(
        () => setSaves(count => count + 1),
        error => errorApi.post(error),
      );
    },
    [bucket, errorApi],
  );
  return {
    team: snapshot.presence === 'present' ? snapshot.value : undefined,
    loading: snapshot.presence === 'unknown',
    setTeam,
  };
}
