import { Link } from '@backstage/core-components';
import type { WorkloadStatus } from '@internal/plugin-deployment-status-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { formatAge } from './age';
import { Health } from './Health';

/** One workload in one environment: a cell of the matrix. */
export const Workload = (props: {
  workload: WorkloadStatus;
  commitUrl?: (sha: string) => string;
}) => {
  const { workload, commitUrl } = props;
  const age = formatAge(workload.deployedAt);
  const commit = workload.commit?.slice(0, 7);
  return (
    <Box display="flex" flexDirection="column" gap={0.5}>
      <Typography variant="subtitle2" component="span">
        {workload.version ?? workload.image ?? 'unknown version'}
      </Typography>
      <Health state={workload.rollout.state} />
      <Typography variant="body2" component="span">
        {workload.replicas.ready}/{workload.replicas.desired} ready
        {age && (
          <>
            {' · '}
            <span title={workload.deployedAt}>deployed {age} ago</span>
          </>
        )}
      </Typography>
      {workload.commit && (
        <Typography variant="body2" component="span">
          {commitUrl ? (
            <Link to={commitUrl(workload.commit)}>commit {commit}</Link>
          ) : (
            <>commit {commit}</>
          )}
        </Typography>
      )}
      {workload.rollout.state !== 'complete' && workload.rollout.reason && (
        <Typography
          variant="body2"
          component="span"
          color={
            workload.rollout.state === 'failed' ? 'error' : 'text.secondary'
          }
        >
          {workload.rollout.reason}
        </Typography>
      )}
    </Box>
  );
};
