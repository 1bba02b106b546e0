import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Typography from '@mui/material/Typography';
import { useEntityDeploymentStatus } from '../../hooks/useEntityDeploymentStatus';
import { StatusActions } from '../shared/StatusActions';
import { hasAnything } from '../shared/summary';
import { EnvironmentLine } from './EnvironmentLine';

/** The overview card: one line per environment, linking to the tab. */
export const DeploymentsCard = () => {
  const { entity } = useEntity();
  const { status, loading, error, live, refresh } =
    useEntityDeploymentStatus(entity);
  const entityRoute = useRouteRef(entityRouteRef);
  const tabLink = entityRoute
    ? `${entityRoute(entityRouteParams(entity))}/deployments`
    : undefined;

  let body: JSX.Element;
  if (!status) {
    body = error ? <ResponseErrorPanel error={error} /> : <Progress />;
  } else if (!hasAnything(status.environments)) {
    body = (
      <Typography variant="body2">
        Nothing of this service runs in any environment yet. The Deployments tab
        says what to add.
      </Typography>
    );
  } else {
    body = (
      <ul aria-label="Environments" style={{ margin: 0, padding: 0 }}>
        {status.environments.map(environment => (
          <EnvironmentLine key={environment.name} environment={environment} />
        ))}
      </ul>
    );
  }

  return (
    <InfoCard
      title="Deployments"
      action={
        <StatusActions live={live} loading={loading} onRefresh={refresh} />
      }
      deepLink={
        tabLink ? { title: 'View deployments', link: tabLink } : undefined
      }
    >
      {body}
    </InfoCard>
  );
};
