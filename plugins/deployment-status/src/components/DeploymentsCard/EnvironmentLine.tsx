import type { EnvironmentStatus } from '@internal/plugin-deployment-status-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Health } from '../shared/Health';
import { summarize } from '../shared/summary';

/** "3 commits behind main", when GitHub says the environment is behind. */
function behind(environment: EnvironmentStatus) {
  const { behindBy, defaultBranch } = environment.github ?? {};
  if (!behindBy) return null;
  return (
    <Typography variant="body2" component="span" color="text.secondary">
      {behindBy} commit{behindBy === 1 ? '' : 's'} behind{' '}
      {defaultBranch ?? 'the default branch'}
    </Typography>
  );
}

/** "2 alerts firing (critical)", when Alertmanager has any. */
function firing(environment: EnvironmentStatus) {
  const alerts = environment.alerts?.firing ?? [];
  if (alerts.length === 0) return null;
  return (
    <Typography variant="body2" component="span" color="error">
      {alerts.length} alert{alerts.length === 1 ? '' : 's'} firing (
      {alerts[0].severity ?? 'no severity'})
    </Typography>
  );
}

/** An environment in one line: version, health and replicas, commits behind and alerts firing. */
export const EnvironmentLine = (props: { environment: EnvironmentStatus }) => {
  const { environment } = props;
  const summary = summarize(environment);
  let detail: JSX.Element;
  if (environment.error) {
    detail = (
      <Typography variant="body2" color="error">
        Could not read cluster {environment.cluster}
      </Typography>
    );
  } else if (!summary) {
    detail = (
      <Typography variant="body2" color="text.secondary">
        Not deployed
      </Typography>
    );
  } else {
    detail = (
      <>
        <Typography variant="body2" component="span">
          {summary.versions.join(', ') || 'unknown version'}
        </Typography>
        <Health state={summary.state} />
        <Typography variant="body2" component="span">
          {summary.ready}/{summary.desired} ready
        </Typography>
        {behind(environment)}
        {firing(environment)}
      </>
    );
  }
  return (
    <Box
      component="li"
      display="flex"
      alignItems="center"
      gap={2}
      py={0.5}
      sx={{ listStyle: 'none' }}
      aria-label={environment.title}
    >
      <Typography variant="subtitle2" component="span" minWidth="8em">
        {environment.title}
      </Typography>
      {detail}
    </Box>
  );
};
