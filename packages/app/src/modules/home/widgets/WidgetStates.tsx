import type { ReactNode } from 'react';
import { Progress } from '@backstage/core-components';
import { Box, Button, Typography } from '@material-ui/core';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';

/** What a widget shows while its data loads: a bar, so the card keeps its size. */
export function WidgetLoading(props: { label: string }) {
  return (
    <Box py={2} role="status" aria-label={props.label}>
      <Progress />
    </Box>
  );
}

/** What a widget shows when it has nothing yet, with the next step to take. */
export function WidgetEmpty(props: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Box py={2} textAlign="center">
      <Typography variant="subtitle1">{props.title}</Typography>
      {props.description && (
        <Typography variant="body2" color="textSecondary">
          {props.description}
        </Typography>
      )}
      {props.action && <Box mt={2}>{props.action}</Box>}
    </Box>
  );
}

/**
 * What a widget shows when its data could not be loaded. The card stays in
 * place with a retry, instead of an error page over the whole home page.
 */
export function WidgetError(props: {
  what: string;
  error: Error;
  onRetry: () => void;
}) {
  return (
    <Box py={2} display="flex" alignItems="flex-start" role="alert">
      <Box mr={1} color="error.main">
        <ErrorOutlineIcon />
      </Box>
      <Box flex={1}>
        <Typography variant="subtitle1">Could not load {props.what}</Typography>
        <Typography variant="body2" color="textSecondary">
          {props.error.message}
        </Typography>
        <Box mt={1}>
          <Button size="small" variant="outlined" onClick={props.onRetry}>
            Try again
          </Button>
        </Box>
      </Box>
    </Box>
  );
}
