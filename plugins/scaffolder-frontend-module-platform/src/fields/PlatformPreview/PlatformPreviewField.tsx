import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api/platformApiRef';
import { errorMessage } from '../PlatformDeployment/errorMessage';
import { chosenEntity } from '../chosenEntity';
import { previewChoices, previewProblem } from './previews';
import type { PlatformPreviewFieldProps } from './schema';

/**
 * `ui:field: PlatformPreview`: picks one of the chosen service's previews
 * (the form's `entityField`), each with its expiry; those that cannot be
 * extended (expired, or not the service's own) are shown but not offered.
 * The value is the preview's name, e.g. `pr-42`. When the previews cannot
 * be listed the name can be typed, and the plan step checks it.
 */
export const PlatformPreviewField = (props: PlatformPreviewFieldProps) => {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    idSchema,
    rawErrors = [],
    required,
    disabled,
    formContext,
  } = props;
  const platformApi = useApi(platformApiRef);
  const entity = chosenEntity(
    (formContext as { formData?: unknown } | undefined)?.formData,
    uiSchema?.['ui:options']?.entityField,
  );
  const id = idSchema?.$id ?? 'platform-preview';
  const label = schema.title ?? 'Preview';

  // The expiries are read against the time the previews were listed.
  const existing = useAsyncRetry(async () => {
    if (!entity) return undefined;
    const answer = await platformApi.getServiceEnvironments(entity.ref);
    return { answer, listedAt: Date.now() };
  }, [platformApi, entity?.ref]);
  const loaded = existing.value?.answer;
  const now = existing.value?.listedAt ?? 0;
  const choices = useMemo(
    () => (loaded ? previewChoices(loaded, now) : []),
    [loaded, now],
  );

  if (!entity) {
    return (
      <Alert severity="info" sx={{ mt: 1 }}>
        Choose the service first: its previews are listed here.
      </Alert>
    );
  }
  if (existing.loading) {
    return (
      <Box role="status" aria-live="polite" sx={{ mt: 1 }}>
        <Typography variant="body2" color="text.secondary">
          Looking up the previews of {entity.ref}…
        </Typography>
        <Skeleton variant="rounded" width="60%" height={56} />
      </Box>
    );
  }

  const unlisted = existing.error ?? loaded?.previewsError;
  if (unlisted || !loaded) {
    const reason =
      existing.error !== undefined
        ? errorMessage(existing.error)
        : loaded?.previewsError ?? 'no answer';
    return (
      <>
        <Alert
          severity="warning"
          sx={{ mt: 1, mb: 1 }}
          action={
            <Button color="inherit" size="small" onClick={existing.retry}>
              Retry
            </Button>
          }
        >
          The previews of {entity.ref} could not be listed ({reason}). Type the
          preview's name; the request checks it before anything changes.
        </Alert>
        <TextField
          id={id}
          label={label}
          value={formData ?? ''}
          onChange={event => onChange(event.target.value || undefined)}
          helperText={schema.description}
          required={required}
          disabled={disabled}
          error={rawErrors.length > 0}
          fullWidth
          margin="normal"
        />
      </>
    );
  }

  if (choices.length === 0) {
    return (
      <Alert severity="info" sx={{ mt: 1 }}>
        {entity.ref} has no previews to extend. Choose "A preview environment
        that expires" to request one.
      </Alert>
    );
  }

  // A name kept from another kind of request that is not one of these.
  const stale =
    formData && !choices.some(choice => choice.suffix === formData)
      ? previewProblem(formData, loaded, now)
      : undefined;
  const chosen = choices.find(choice => choice.suffix === formData);
  return (
    <TextField
      id={id}
      select
      label={label}
      value={chosen ? chosen.suffix : ''}
      onChange={event => onChange(event.target.value || undefined)}
      helperText={
        stale ??
        (chosen
          ? `Namespace ${chosen.namespace} on ${chosen.cluster}, ${chosen.detail}. The new time-to-live must end later.`
          : schema.description)
      }
      required={required}
      disabled={disabled}
      error={rawErrors.length > 0 || !!stale}
      fullWidth
      margin="normal"
    >
      {choices.map(choice => (
        <MenuItem
          key={choice.suffix}
          value={choice.suffix}
          disabled={!!choice.unavailable}
        >
          {choice.suffix} ({choice.detail})
        </MenuItem>
      ))}
    </TextField>
  );
};
