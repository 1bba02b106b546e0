import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type {
  NameAvailability,
  Violation,
} from '@internal/plugin-platform-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { errorMessage } from '../PlatformDeployment/errorMessage';
import { describeAvailability } from './describeAvailability';

const STATUS = {
  free: StatusOK,
  taken: StatusError,
  unknown: StatusWarning,
} as const;

/** Every naming rule the name breaks, at once, each in words. */
export const RuleViolations = (props: {
  name: string;
  violations: Violation[];
}) => (
  <Box sx={{ mt: 1 }}>
    <Typography variant="body2" color="error">
      '{props.name}' cannot be a service name:
    </Typography>
    <Box component="ul" aria-label="Naming rules broken" sx={{ m: 0, pl: 3 }}>
      {props.violations.map(violation => (
        <Typography
          component="li"
          variant="body2"
          color="error"
          key={violation.message}
        >
          It {violation.message}.
        </Typography>
      ))}
    </Box>
  </Box>
);

export const Checking = (props: { name: string }) => (
  <Box
    role="status"
    aria-live="polite"
    sx={{ mt: 1, display: 'flex', alignItems: 'center', gap: 1 }}
  >
    <CircularProgress size={16} aria-hidden />
    <Typography variant="body2" color="text.secondary">
      Checking whether the repository and namespaces of '{props.name}' are free…
    </Typography>
  </Box>
);

export const CheckFailed = (props: {
  what: string;
  error: Error;
  onRetry: () => void;
}) => (
  <Alert
    severity="warning"
    sx={{ mt: 1 }}
    action={
      <Button color="inherit" size="small" onClick={props.onRetry}>
        Retry
      </Button>
    }
  >
    <AlertTitle>Could not check {props.what}</AlertTitle>
    {errorMessage(props.error)}. The platform backend may be down or restarting;
    retry in a moment. The form checks again when it moves on.
  </Alert>
);

/** The repository and each namespace: free, taken (and by whom), or not known. */
export const AvailabilityList = (props: { availability: NameAvailability }) => {
  const lines = describeAvailability(props.availability);
  const taken = lines.some(line => line.state === 'taken');
  const unknown = lines.some(line => line.state === 'unknown');
  let summary = `'${props.availability.name}' is free everywhere it is needed`;
  if (taken) {
    summary = `'${props.availability.name}' is taken: choose another name`;
  } else if (unknown) {
    summary = `'${props.availability.name}' could not be checked everywhere`;
  }
  return (
    <Box sx={{ mt: 1 }} role="status" aria-live="polite">
      <Typography variant="body2" color={taken ? 'error' : 'text.secondary'}>
        {summary}
      </Typography>
      <Box
        component="ul"
        aria-label="Availability"
        sx={{ m: 0, pl: 0, listStyle: 'none' }}
      >
        {lines.map(line => {
          const Status = STATUS[line.state];
          return (
            <Typography component="li" variant="body2" key={line.text}>
              <Status>{line.text}</Status>
            </Typography>
          );
        })}
      </Box>
    </Box>
  );
};
