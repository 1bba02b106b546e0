import type {
  PlatformConfigResponse,
  ServiceEnvironments,
} from '@internal/plugin-platform-common';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Typography from '@mui/material/Typography';

export const EnvironmentChoices = (props: {
  config: PlatformConfigResponse;
  chosen: string[];
  onToggle: (name: string, checked: boolean) => void;
  error: boolean;
  disabled: boolean;
  /** Where an existing service has its namespaces: those are not offered. */
  existing?: ServiceEnvironments;
}) => {
  const { config, chosen, onToggle, error, disabled, existing } = props;
  return (
    <FormControl
      component="fieldset"
      variant="standard"
      error={error}
      disabled={disabled}
      fullWidth
      sx={{ mt: 2 }}
    >
      <FormLabel component="legend">Environments</FormLabel>
      <FormHelperText sx={{ mt: 0 }}>
        In promotion order. The service gets a namespace in each one chosen.
        {existing &&
          ' Those it has already are marked and cannot be chosen again.'}
      </FormHelperText>
      <FormGroup>
        {config.environments.map(environment => {
          const found = existing?.environments.find(
            e => e.name === environment.name,
          );
          const present = Boolean(found?.present);
          return (
            <FormControlLabel
              key={environment.name}
              disabled={present || undefined}
              control={
                <Checkbox
                  name={environment.name}
                  checked={!present && chosen.includes(environment.name)}
                  onChange={(_event, checked) =>
                    onToggle(environment.name, checked)
                  }
                />
              }
              label={
                <Box component="span" sx={{ display: 'block' }}>
                  <Box
                    component="span"
                    sx={{
                      display: 'inline-flex',
                      alignItems: 'center',
                      gap: 1,
                    }}
                  >
                    <Typography component="span" fontWeight={500}>
                      {environment.title}
                    </Typography>
                    <Typography
                      component="span"
                      variant="body2"
                      color="text.secondary"
                    >
                      {environment.title !== environment.name &&
                        `${environment.name} · `}
                      cluster {environment.cluster}
                    </Typography>
                    {environment.approval && (
                      <Chip
                        component="span"
                        size="small"
                        color="warning"
                        variant="outlined"
                        label="approval required"
                      />
                    )}
                    {present && (
                      <Chip
                        component="span"
                        size="small"
                        variant="outlined"
                        label="already present"
                      />
                    )}
                  </Box>
                  {present && (
                    <Typography
                      component="span"
                      variant="caption"
                      color="text.secondary"
                      sx={{ display: 'block' }}
                    >
                      Its namespace {found!.namespace} is there already
                      {found!.ownedBy && found!.ownedBy !== existing!.entityRef
                        ? `, and belongs to ${found!.ownedBy}`
                        : ''}
                      .
                    </Typography>
                  )}
                  {found?.error && (
                    <Typography
                      component="span"
                      variant="caption"
                      color="text.secondary"
                      sx={{ display: 'block' }}
                    >
                      Not checked ({found.error}); the request is checked again
                      when it runs.
                    </Typography>
                  )}
                </Box>
              }
            />
          );
        })}
      </FormGroup>
    </FormControl>
  );
};
