import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { errorMessage } from './errorMessage';

/** The shape of the loaded field, so the form does not jump when it arrives. */
export const LoadingState = () => (
  <Box role="status" aria-live="polite" sx={{ mt: 1 }}>
    <Typography variant="body2" color="text.secondary">
      Loading the portal's environments and tiers…
    </Typography>
    {[0, 1, 2].map(row => (
      <Skeleton key={row} variant="text" width="40%" height={32} />
    ))}
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
        gap: 2,
        mt: 1,
      }}
    >
      {[0, 1].map(card => (
        <Skeleton key={card} variant="rounded" height={120} />
      ))}
    </Box>
  </Box>
);

export const LoadError = (props: { error: Error; onRetry: () => void }) => (
  <Alert
    severity="error"
    sx={{ mt: 1 }}
    action={
      <Button color="inherit" size="small" onClick={props.onRetry}>
        Retry
      </Button>
    }
  >
    <AlertTitle>Could not load the environments and tiers</AlertTitle>
    Loading the platform config (GET /api/platform/config) failed:{' '}
    {errorMessage(props.error)}. The platform backend may be down or restarting;
    retry in a moment.
  </Alert>
);

/** No environments: the form cannot offer anything, and only config can fix it. */
export const NotConfigured = (props: { missing: 'environments' | 'tiers' }) => (
  <Alert severity="warning" sx={{ mt: 1 }}>
    <AlertTitle>
      {props.missing === 'environments'
        ? 'No environments are configured'
        : 'No resource tiers are configured'}
    </AlertTitle>
    This portal cannot create namespaces until an administrator sets{' '}
    <code>platform.{props.missing}</code> in its app-config (see the
    platform-common README for the shape).
  </Alert>
);

/** The template offers tiers this portal does not have: only config (or the template) can fix it. */
export const TiersNotOffered = (props: { offered: string[] }) => (
  <Alert severity="warning" sx={{ mt: 1 }}>
    <AlertTitle>This template's resource tiers are not configured</AlertTitle>
    The template offers only {props.offered.join(', ')}, which this portal's{' '}
    <code>platform.tiers</code> does not have. An administrator adds the tier to
    the app-config, or the template's <code>ui:options.tiers</code> names one
    that exists.
  </Alert>
);

/**
 * For an existing service (`ui:options.entityField`): whether what it has
 * already is known. Nothing to say once it is, unless it has everything.
 */
export const ExistingState = (props: {
  entityRef: string | undefined;
  loading: boolean;
  error?: Error;
  onRetry: () => void;
  none: boolean;
}) => {
  const { entityRef, loading, error, onRetry, none } = props;
  if (!entityRef) {
    return (
      <Alert severity="info" sx={{ mt: 1 }}>
        Choose the service first: the environments it has already are then
        marked.
      </Alert>
    );
  }
  if (loading) {
    return (
      <Typography
        role="status"
        aria-live="polite"
        variant="body2"
        color="text.secondary"
        sx={{ mt: 1 }}
      >
        Checking which environments {entityRef} has already…
      </Typography>
    );
  }
  if (error) {
    return (
      <Alert
        severity="warning"
        sx={{ mt: 1 }}
        action={
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        }
      >
        <AlertTitle>Could not check which environments it has</AlertTitle>
        Loading the environments of {entityRef} failed: {errorMessage(error)}.
        Every environment is offered; the request is checked again when it runs.
      </Alert>
    );
  }
  if (none) {
    return (
      <Alert severity="info" sx={{ mt: 1 }}>
        {entityRef} has a namespace in every environment already: there is none
        to add.
      </Alert>
    );
  }
  return null;
};
