import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

/**
 * Says whether the view updates by itself, and offers a refresh for when it
 * does not (signals unavailable) or the viewer does not want to wait.
 */
export const StatusActions = (props: {
  live: boolean;
  loading: boolean;
  onRefresh: () => void;
}) => (
  <Box display="flex" alignItems="center" gap={1}>
    <Typography variant="caption" color="text.secondary">
      {props.live ? 'Updates live' : 'Live updates unavailable'}
    </Typography>
    <Button size="small" disabled={props.loading} onClick={props.onRefresh}>
      {props.loading ? 'Refreshing…' : 'Refresh'}
    </Button>
  </Box>
);
