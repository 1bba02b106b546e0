import type {
  PlatformEnvironment,
  PlatformTier,
} from '@internal/plugin-platform-common';
import Box from '@mui/material/Box';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { describeGpu, describeQuota } from './describeTier';
import { environmentsRefusing } from './value';

const TierOption = (props: {
  id: string;
  tier: PlatformTier;
  chosen: PlatformEnvironment[];
  selected: boolean;
  disabled: boolean;
}) => {
  const { id, tier, chosen, selected, disabled } = props;
  const refusing = environmentsRefusing(tier, chosen);
  const detailsId = `${id}-${tier.name}-details`;
  const gpu = describeGpu(tier);
  return (
    <Paper
      variant="outlined"
      sx={{
        p: 1.5,
        borderWidth: 2,
        borderColor: selected ? 'primary.main' : 'divider',
        opacity: refusing.length ? 0.7 : 1,
      }}
    >
      <FormControlLabel
        value={tier.name}
        disabled={disabled || refusing.length > 0}
        control={<Radio inputProps={{ 'aria-describedby': detailsId }} />}
        label={<Typography fontWeight={500}>{tier.title}</Typography>}
      />
      <Box id={detailsId} sx={{ pl: 4 }}>
        {tier.description && (
          <Typography variant="body2">{tier.description}</Typography>
        )}
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {describeQuota(tier)}
        </Typography>
        {gpu && (
          <Typography variant="body2" color="text.secondary">
            {gpu}
          </Typography>
        )}
        {refusing.length > 0 && (
          <Typography
            variant="body2"
            color={selected ? 'error' : 'text.secondary'}
            sx={{ mt: 0.5, fontStyle: 'italic' }}
          >
            Not allowed in {refusing.map(e => e.name).join(', ')}
          </Typography>
        )}
      </Box>
    </Paper>
  );
};

export const TierChoices = (props: {
  id: string;
  tiers: PlatformTier[];
  chosen: PlatformEnvironment[];
  tier: string;
  onSelect: (tier: string) => void;
  error: boolean;
  disabled: boolean;
}) => {
  const { id, tiers, chosen, tier, onSelect, error, disabled } = props;
  const labelId = `${id}-tier-label`;
  return (
    <FormControl
      component="fieldset"
      variant="standard"
      error={error}
      disabled={disabled}
      fullWidth
      sx={{ mt: 3 }}
    >
      <FormLabel component="legend" id={labelId}>
        Resource tier
      </FormLabel>
      <FormHelperText sx={{ mt: 0, mb: 1 }}>
        The quota and container limits of every one of the service's namespaces.
      </FormHelperText>
      <RadioGroup
        aria-labelledby={labelId}
        name={`${id}-tier`}
        value={tier}
        onChange={(_event, value) => onSelect(value)}
      >
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
            gap: 2,
          }}
        >
          {tiers.map(option => (
            <TierOption
              key={option.name}
              id={id}
              tier={option}
              chosen={chosen}
              selected={option.name === tier}
              disabled={disabled}
            />
          ))}
        </Box>
      </RadioGroup>
    </FormControl>
  );
};
