import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { useEntityDeploymentStatus } from '../../hooks/useEntityDeploymentStatus';
import { kubernetesIdOf } from '../../kubernetesId';
import { commitUrlFor } from '../shared/commitUrl';
import { StatusActions } from '../shared/StatusActions';
import { hasAnything } from '../shared/summary';
import { DeploymentMatrix } from './DeploymentMatrix';
import { NothingDeployed } from './NothingDeployed';

/** The entity's "Deployments" tab: what runs where, live. */
export const DeploymentsContent = () => {
  const { entity } = useEntity();
  const { status, loading, error, live, refresh } =
    useEntityDeploymentStatus(entity);

  const actions = (
    <StatusActions live={live} loading={loading} onRefresh={refresh} />
  );
  if (!status) {
    if (error) {
      return (
        <>
          <Box display="flex" justifyContent="flex-end">
            {actions}
          </Box>
          <ResponseErrorPanel error={error} />
        </>
      );
    }
    return <Progress />;
  }
  const stale = error && (
    <Alert severity="warning" sx={{ mb: 2 }}>
      Could not refresh, showing the last status: {error.message}
    </Alert>
  );
  if (!hasAnything(status.environments)) {
    return (
      <>
        <Box display="flex" justifyContent="flex-end">
          {actions}
        </Box>
        {stale}
        <NothingDeployed
          kubernetesId={status.kubernetesId || kubernetesIdOf(entity)}
          namespaces={status.environments.map(e => e.namespace)}
        />
      </>
    );
  }
  return (
    <InfoCard
      title="Deployments"
      subheader="What runs in each environment, in promotion order"
      action={actions}
    >
      {stale}
      <DeploymentMatrix
        environments={status.environments}
        commitUrl={commitUrlFor(entity)}
      />
    </InfoCard>
  );
};
