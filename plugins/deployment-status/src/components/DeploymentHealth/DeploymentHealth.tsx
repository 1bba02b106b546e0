import type { Entity } from '@backstage/catalog-model';
import type { EnvironmentStatus } from '@internal/plugin-deployment-status-common';
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEntityDeploymentStatus } from '../../hooks/useEntityDeploymentStatus';
import { KUBERNETES_ID_ANNOTATION } from '../../kubernetesId';
import { Health } from '../shared/Health';
import { summarize, type EnvironmentSummary } from '../shared/summary';

const AnnotatedHealth = (props: { entity: Entity }) => {
  const { status, error } = useEntityDeploymentStatus(props.entity);
  if (!status) {
    return error ? (
      <Tooltip title={error.message}>
        <Typography variant="caption" color="text.secondary">
          Health unavailable
        </Typography>
      </Tooltip>
    ) : (
      <Skeleton variant="text" width="8em" aria-label="Loading health" />
    );
  }
  const shown: Array<{
    environment: EnvironmentStatus;
    summary?: EnvironmentSummary;
  }> = status.environments.flatMap(environment => {
    if (environment.error) {
      return [{ environment }];
    }
    const summary = summarize(environment);
    return summary ? [{ environment, summary }] : [];
  });
  if (shown.length === 0) {
    return (
      <Typography variant="caption" color="text.secondary">
        Not deployed
      </Typography>
    );
  }
  return (
    <Box
      component="ul"
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      columnGap={1.5}
      m={0}
      p={0}
      aria-label="Health per environment"
    >
      {shown.map(({ environment, summary }) => (
        <Box
          component="li"
          key={environment.name}
          display="flex"
          alignItems="center"
          gap={0.5}
          sx={{ listStyle: 'none' }}
          aria-label={environment.title}
        >
          <Typography variant="caption" color="text.secondary">
            {environment.title}
          </Typography>
          {summary ? (
            <Typography variant="caption" component="span">
              <Health state={summary.state} />
            </Typography>
          ) : (
            <Typography variant="caption" color="error">
              Unreachable
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
};

/**
 * A service's health in each environment it runs in, in one line, for lists
 * such as the home page's team services: "dev Healthy · production Rolling
 * out". Updates live like the Deployments tab. Renders nothing for an entity
 * without `backstage.io/kubernetes-id`.
 */
export const DeploymentHealth = (props: { entity: Entity }) => {
  const annotated =
    !!props.entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION];
  return annotated ? <AnnotatedHealth entity={props.entity} /> : null;
};
