import type { EnvironmentStatus } from '@internal/plugin-deployment-status-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { formatAge } from '../shared/age';

/** What is wrong in one environment beyond the rollout states: pods, then warnings. */
export const EnvironmentProblems = (props: {
  environment: EnvironmentStatus;
}) => {
  const { workloads, events } = props.environment;
  const pods = workloads.flatMap(w => w.pods);
  if (pods.length === 0 && events.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No unready pods, no warnings
      </Typography>
    );
  }
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      {pods.length > 0 && (
        <Box>
          <Typography variant="subtitle2">
            Unready or restarting pods
          </Typography>
          <ul aria-label={`Unready pods in ${props.environment.title}`}>
            {pods.map(pod => (
              <li key={pod.name}>
                <Typography variant="body2" component="span">
                  {pod.name}: {pod.ready ? 'ready' : 'not ready'}
                  {pod.restarts > 0 && `, ${pod.restarts} restarts`}
                  {pod.reason && `, ${pod.reason}`}
                  {pod.message && `: ${pod.message}`}
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
      {events.length > 0 && (
        <Box>
          <Typography variant="subtitle2">Recent warnings</Typography>
          <ul aria-label={`Warnings in ${props.environment.title}`}>
            {events.map(event => (
              <li key={`${event.object}/${event.reason}/${event.lastSeen}`}>
                <Typography variant="body2" component="span">
                  {event.reason} on {event.object}: {event.message}
                  {event.count > 1 && ` (×${event.count})`}
                  {formatAge(event.lastSeen) &&
                    `, ${formatAge(event.lastSeen)} ago`}
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
    </Box>
  );
};
