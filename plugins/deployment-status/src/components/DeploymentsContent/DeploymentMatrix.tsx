import { Link } from '@backstage/core-components';
import type { EnvironmentStatus } from '@internal/plugin-deployment-status-common';
import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Workload } from '../shared/Workload';
import type { ReactNode } from 'react';
import { EnvironmentProblems } from './EnvironmentProblems';
import { FiringAlerts } from './FiringAlerts';
import { GitHubSummary } from './GitHubSummary';
import { workloadNames } from './workloadNames';

/**
 * One column per environment in promotion order, one row per workload, a
 * row of what GitHub says (commits not deployed yet, the latest
 * deployments) when the entity has a repository, a row of firing alerts
 * when an Alertmanager is configured, and a last row of what else is wrong
 * there. An environment whose cluster
 * could not be read shows why down its whole column; the others render.
 */
export const DeploymentMatrix = (props: {
  environments: EnvironmentStatus[];
  commitUrl?: (sha: string) => string;
}) => {
  const { environments, commitUrl } = props;
  const names = workloadNames(environments);
  // Rows below the workloads: what GitHub says and the alerts when the
  // backend has them, then what else is wrong.
  const sections: Array<{
    label: string;
    render: (environment: EnvironmentStatus) => ReactNode;
  }> = [];
  if (environments.some(e => e.github)) {
    sections.push({
      label: 'GitHub',
      render: environment =>
        environment.github && (
          <GitHubSummary
            environmentTitle={environment.title}
            github={environment.github}
          />
        ),
    });
  }
  if (environments.some(e => e.alerts)) {
    sections.push({
      label: 'Alerts',
      render: environment =>
        environment.alerts && (
          <FiringAlerts
            environmentTitle={environment.title}
            alerts={environment.alerts}
          />
        ),
    });
  }
  sections.push({
    label: 'Pods and warnings',
    render: environment => <EnvironmentProblems environment={environment} />,
  });
  const rowCount = names.length + sections.length;
  // The error cell spans the column from the first body row on.
  const errorCell = (environment: EnvironmentStatus, row: number) => {
    if (!environment.error) {
      return undefined;
    }
    return row === 0 ? (
      <TableCell key={environment.name} rowSpan={rowCount}>
        <Alert
          severity="error"
          aria-label={`${environment.title} could not be read`}
        >
          Could not read cluster {environment.cluster}: {environment.error}
        </Alert>
      </TableCell>
    ) : null;
  };

  return (
    <TableContainer>
      <Table aria-label="Deployments by environment" size="small">
        <TableHead>
          <TableRow>
            <TableCell>Workload</TableCell>
            {environments.map(environment => (
              <TableCell key={environment.name} scope="col">
                <Typography variant="subtitle1" component="span">
                  {environment.title}
                </Typography>
                <Typography
                  variant="caption"
                  component="div"
                  color="text.secondary"
                >
                  {environment.cluster} / {environment.namespace}
                </Typography>
                {environment.dashboardUrl && (
                  <Typography variant="caption" component="div">
                    <Link
                      to={environment.dashboardUrl}
                      aria-label={`Dashboard of ${environment.title}`}
                    >
                      Dashboard
                    </Link>
                  </Typography>
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {names.map((name, row) => (
            <TableRow key={name} sx={{ verticalAlign: 'top' }}>
              <TableCell component="th" scope="row">
                {name}
              </TableCell>
              {environments.map(environment => {
                const error = errorCell(environment, row);
                if (error !== undefined) {
                  return error;
                }
                const workload = environment.workloads.find(
                  w => w.name === name,
                );
                return (
                  <TableCell key={environment.name}>
                    {workload ? (
                      <Workload workload={workload} commitUrl={commitUrl} />
                    ) : (
                      <Typography variant="body2" color="text.secondary">
                        Not deployed
                      </Typography>
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
          {sections.map((section, index) => (
            <TableRow key={section.label} sx={{ verticalAlign: 'top' }}>
              <TableCell component="th" scope="row">
                {section.label}
              </TableCell>
              {environments.map(environment => {
                const error = errorCell(environment, names.length + index);
                if (error !== undefined) {
                  return error;
                }
                return (
                  <TableCell key={environment.name}>
                    {section.render(environment)}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
