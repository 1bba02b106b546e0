import { Link } from '@backstage/core-components';
import type { EnvironmentGitHub } from '@internal/plugin-deployment-status-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { formatAge } from '../shared/age';

const plural = (count: number, word: string) =>
  `${count} ${word}${count === 1 ? '' : 's'}`;

/** What GitHub says of one environment: commits not deployed yet, and the latest deployments. */
export const GitHubSummary = (props: {
  environmentTitle: string;
  github: EnvironmentGitHub;
}) => {
  const { environmentTitle, github } = props;
  const { behindBy, defaultBranch, deployedCommit, repositoryUrl } = github;
  const compareUrl =
    repositoryUrl && deployedCommit && defaultBranch
      ? `${repositoryUrl}/compare/${deployedCommit}...${encodeURIComponent(
          defaultBranch,
        )}`
      : undefined;
  let behind: string | undefined;
  if (behindBy !== undefined && defaultBranch) {
    behind =
      behindBy === 0
        ? `Up to date with ${defaultBranch}`
        : `${plural(behindBy, 'commit')} behind ${defaultBranch}`;
  }
  return (
    <Box display="flex" flexDirection="column" gap={0.5}>
      {behind && (
        <Typography variant="body2" component="span">
          {compareUrl && behindBy ? (
            <Link to={compareUrl}>{behind}</Link>
          ) : (
            behind
          )}
        </Typography>
      )}
      {github.deployments.length > 0 ? (
        <Box
          component="ul"
          aria-label={`GitHub deployments to ${environmentTitle}`}
          sx={{ m: 0, pl: 2 }}
        >
          {github.deployments.map(deployment => {
            const age = formatAge(deployment.createdAt);
            return (
              <Typography
                key={deployment.id}
                component="li"
                variant="body2"
                color={
                  ['failure', 'error'].includes(deployment.state)
                    ? 'error'
                    : undefined
                }
              >
                <Link to={deployment.url}>
                  {deployment.state} {deployment.sha.slice(0, 7)}
                </Link>
                {age && ` · ${age} ago`}
              </Typography>
            );
          })}
        </Box>
      ) : (
        !github.error && (
          <Typography variant="body2" color="text.secondary">
            No GitHub deployments
          </Typography>
        )
      )}
      {github.error && (
        <Typography variant="body2" color="error">
          GitHub: {github.error}
        </Typography>
      )}
    </Box>
  );
};
