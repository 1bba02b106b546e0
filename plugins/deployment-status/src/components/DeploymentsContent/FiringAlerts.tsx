import { Link } from '@backstage/core-components';
import type { EnvironmentAlerts } from '@internal/plugin-deployment-status-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { formatAge } from '../shared/age';

const URGENT = new Set(['critical', 'page', 'error']);

/** The alerts firing in one environment: name, severity, summary. */
export const FiringAlerts = (props: {
  environmentTitle: string;
  alerts: EnvironmentAlerts;
}) => {
  const { environmentTitle, alerts } = props;
  return (
    <Box display="flex" flexDirection="column" gap={0.5}>
      {alerts.firing.length > 0 ? (
        <Box
          component="ul"
          aria-label={`Alerts firing in ${environmentTitle}`}
          sx={{ m: 0, pl: 0, listStyle: 'none' }}
        >
          {alerts.firing.map(alert => {
            const age = formatAge(alert.startsAt);
            const link = alert.runbookUrl ?? alert.generatorUrl;
            return (
              <Box
                component="li"
                key={`${alert.name}-${alert.startsAt}-${alert.summary}`}
                sx={{ mb: 0.5 }}
              >
                <Typography variant="body2" component="span">
                  {alert.severity && (
                    <Chip
                      size="small"
                      label={alert.severity}
                      color={URGENT.has(alert.severity) ? 'error' : 'warning'}
                      sx={{ mr: 0.5 }}
                    />
                  )}
                  {link ? <Link to={link}>{alert.name}</Link> : alert.name}
                  {age && ` · for ${age}`}
                </Typography>
                {alert.summary && (
                  <Typography
                    variant="body2"
                    component="div"
                    color="text.secondary"
                  >
                    {alert.summary}
                  </Typography>
                )}
              </Box>
            );
          })}
        </Box>
      ) : (
        !alerts.error && (
          <Typography variant="body2" color="text.secondary">
            No alerts firing
          </Typography>
        )
      )}
      {alerts.error && (
        <Typography variant="body2" color="error">
          {alerts.error}
        </Typography>
      )}
    </Box>
  );
};
