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
import { EnvironmentProblems } from './EnvironmentProblems';
import { GitHubSummary } from './GitHubSummary';
import { workloadNames } from './workloadNames';

/**
 * One column per environment in promotion order, one row per workload, a
 * row of what GitHub says (commits not deployed yet, the latest
 * deployments) when the entity has a repository, and a last row of what
 * else is wrong there. An environment whose cluster
 * could not be read shows why down its whole column; the others render.
 */
export const DeploymentMatrix = (props: {
  environments: EnvironmentStatus[];
  commitUrl?: (sha: string) => string;
}) => {
  const { environments, commitUrl } = props;
  const names = workloadNames(environments);
  const hasGitHub = environments.some(e => e.github);
  const rowCount = names.length + (hasGitHub ? 2 : 1);
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
          {hasGitHub && (
            <TableRow sx={{ verticalAlign: 'top' }}>
              <TableCell component="th" scope="row">
                GitHub
              </TableCell>
              {environments.map(environment => {
                const error = errorCell(environment, names.length);
                if (error !== undefined) {
                  return error;
                }
                return (
                  <TableCell key={environment.name}>
                    {environment.github && (
                      <GitHubSummary
                        environmentTitle={environment.title}
                        github={environment.github}
                      />
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          )}
          <TableRow sx={{ verticalAlign: 'top' }}>
            <TableCell component="th" scope="row">
              Pods and warnings
            </TableCell>
            {environments.map(environment => {
              const error = errorCell(
                environment,
                names.length + (hasGitHub ? 1 : 0),
              );
              if (error !== undefined) {
                return error;
              }
              return (
                <TableCell key={environment.name}>
                  <EnvironmentProblems environment={environment} />
                </TableCell>
              );
            })}
          </TableRow>
        </TableBody>
      </Table>
    </TableContainer>
  );
};
