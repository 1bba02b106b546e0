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
import { environmentsRefusing, tiersAllowed } from './value';

const TierOption = (props: {
  id: string;
  tier: PlatformTier;
  selected: boolean;
  disabled: boolean;
}) => {
  const { id, tier, selected, disabled } = props;
  const detailsId = `${id}-${tier.name}-details`;
  const gpu = describeGpu(tier);
  return (
    <Paper
      variant="outlined"
      sx={{
        p: 1.5,
        borderWidth: 2,
        borderColor: selected ? 'primary.main' : 'divider',
      }}
    >
      <FormControlLabel
        value={tier.name}
        disabled={disabled}
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
      </Box>
    </Paper>
  );
};

function names(environments: PlatformEnvironment[]): string {
  return environments.map(e => e.name).join(', ');
}

/**
 * Why the chosen tier is not among those shown, or why none is: the tier is
 * hidden once a chosen environment refuses it, so the reason is said here.
 */
const TierNotice = (props: {
  tiers: PlatformTier[];
  shown: PlatformTier[];
  chosen: PlatformEnvironment[];
  tier: string;
  cleared?: { tier: PlatformTier; refusing: PlatformEnvironment[] };
}) => {
  const { tiers, shown, chosen, tier, cleared } = props;
  const hidden = tiers.find(t => t.name === tier && !shown.includes(t));
  let message: string | undefined;
  if (hidden) {
    message = `${hidden.title} (${
      hidden.name
    }) is chosen but not allowed in ${names(
      environmentsRefusing(hidden, chosen),
    )}: choose one of the tiers shown.`;
  } else if (cleared && !tier) {
    message = `${cleared.tier.title} (${
      cleared.tier.name
    }) is no longer chosen: ${names(cleared.refusing)} does not allow it.`;
  }
  if (shown.length === 0) {
    const allows = chosen
      .map(e => `${e.name} allows ${e.tiers.join(', ') || 'none'}`)
      .join('; ');
    message = `${
      message ? `${message} ` : ''
    }No tier is allowed in every chosen environment (${allows}): choose other environments.`;
  }
  if (!message) {
    return null;
  }
  return (
    <Typography
      role="status"
      aria-live="polite"
      variant="body2"
      color={hidden || shown.length === 0 ? 'error' : 'text.secondary'}
      sx={{ mb: 1 }}
    >
      {message}
    </Typography>
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
  /** The tier the last change of environments cleared, and where it is refused. */
  cleared?: { tier: PlatformTier; refusing: PlatformEnvironment[] };
}) => {
  const { id, tiers, chosen, tier, onSelect, error, disabled, cleared } = props;
  const labelId = `${id}-tier-label`;
  // Only the tiers every chosen environment allows are offered.
  const shown = tiersAllowed(tiers, chosen);
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
        {chosen.length > 0 &&
          ` Only the tiers allowed in ${
            chosen.length === 1
              ? names(chosen)
              : `every chosen environment (${names(chosen)})`
          } are shown.`}
      </FormHelperText>
      <TierNotice
        tiers={tiers}
        shown={shown}
        chosen={chosen}
        tier={tier}
        cleared={cleared}
      />
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
          {shown.map(option => (
            <TierOption
              key={option.name}
              id={id}
              tier={option}
              selected={option.name === tier}
              disabled={disabled}
            />
          ))}
        </Box>
      </RadioGroup>
    </FormControl>
  );
};
