import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { platformApiRef } from '../../api/platformApiRef';
import {
  AvailabilityList,
  CheckFailed,
  Checking,
  RuleViolations,
} from './AvailabilityStates';
import { nameViolations } from './nameViolations';
import type { PlatformServiceNameFieldProps } from './schema';

/** How long typing must pause before the name is checked with the backend. */
export const AVAILABILITY_DEBOUNCE_MS = 400;

/**
 * `ui:field: PlatformServiceName`: a service name, with the naming rules it
 * breaks shown as it is typed and, once typing pauses, whether its
 * repository and its namespace in every environment are free.
 */
export const PlatformServiceNameField = (
  props: PlatformServiceNameFieldProps,
) => {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    idSchema,
    rawErrors = [],
    required,
    disabled,
    readonly,
  } = props;
  const platformApi = useApi(platformApiRef);
  const options = uiSchema?.['ui:options'];
  const owner = options?.repositoryOwner;
  const host = options?.repositoryHost;
  const id = idSchema?.$id ?? 'platform-service-name';
  const name = formData ?? '';

  const config = useAsyncRetry(() => platformApi.getConfig(), [platformApi]);
  const violations = name ? nameViolations(name, config.value) : [];

  const [settledName, setSettledName] = useState(name);
  useDebounce(() => setSettledName(name), AVAILABILITY_DEBOUNCE_MS, [name]);
  const checkable =
    !!settledName &&
    !!config.value &&
    nameViolations(settledName, config.value).length === 0;
  const availability = useAsyncRetry(
    async () =>
      checkable
        ? platformApi.getNameAvailability(settledName, { owner, host })
        : undefined,
    [platformApi, checkable, settledName, owner, host],
  );

  let status = null;
  if (violations.length > 0) {
    status = <RuleViolations name={name} violations={violations} />;
  } else if (!name) {
    status = null;
  } else if (config.error) {
    status = (
      <CheckFailed
        what="the naming rules of this portal"
        error={config.error}
        onRetry={config.retry}
      />
    );
  } else if (
    !config.value ||
    settledName !== name ||
    availability.loading ||
    (!availability.value && !availability.error)
  ) {
    status = <Checking name={name} />;
  } else if (availability.error) {
    status = (
      <CheckFailed
        what={`whether '${name}' is free`}
        error={availability.error}
        onRetry={availability.retry}
      />
    );
  } else if (availability.value) {
    status = <AvailabilityList availability={availability.value} />;
  }

  return (
    <Box sx={{ mb: 1 }}>
      <TextField
        id={id}
        label={schema.title ?? 'Name'}
        helperText={schema.description}
        required={required}
        disabled={disabled}
        InputProps={{ readOnly: readonly }}
        value={name}
        onChange={event => onChange(event.target.value)}
        error={violations.length > 0 || rawErrors.length > 0}
        // Only when the template asks with ui:autofocus, as rjsf's own text widget does.
        // eslint-disable-next-line jsx-a11y/no-autofocus
        autoFocus={uiSchema?.['ui:autofocus'] === true}
        autoComplete="off"
        spellCheck={false}
        margin="normal"
        fullWidth
      />
      {status}
    </Box>
  );
};
