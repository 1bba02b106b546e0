import { MarkdownContent } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api/platformApiRef';
import { EnvironmentChoices } from './EnvironmentChoices';
import type { PlatformDeploymentFieldProps } from './schema';
import {
  LoadError,
  LoadingState,
  NotConfigured,
  TiersNotOffered,
} from './states';
import { TierChoices } from './TierChoices';
import {
  chosenEnvironments,
  initialValue,
  offeredConfig,
  isComplete,
  toggleEnvironment,
} from './value';

/**
 * `ui:field: PlatformDeployment`: the environments a new service gets a
 * namespace in and the resource tier of those namespaces, as the platform
 * backend's config offers them.
 */
export const PlatformDeploymentField = (
  props: PlatformDeploymentFieldProps,
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
  const {
    value: loaded,
    loading,
    error,
    retry,
  } = useAsyncRetry(() => platformApi.getConfig(), [platformApi]);
  const options = uiSchema?.['ui:options'];
  const offered = options?.tiers;
  const config = useMemo(
    () => loaded && offeredConfig(loaded, offered),
    [loaded, offered],
  );
  const id = idSchema?.$id ?? 'platform-deployment';
  const usable = !!config && config.environments.length > 0;

  // The form holds a value from the start, so its validation always runs.
  useEffect(() => {
    if (usable && !isComplete(formData)) {
      onChange(initialValue(config, formData, options ?? {}));
    }
  }, [usable, config, formData, options, onChange]);

  let body;
  if (loading && !config) {
    body = <LoadingState />;
  } else if (error) {
    body = <LoadError error={error} onRetry={retry} />;
  } else if (!config || config.environments.length === 0) {
    body = <NotConfigured missing="environments" />;
  } else if (loaded!.tiers.length === 0) {
    body = <NotConfigured missing="tiers" />;
  } else if (config.tiers.length === 0) {
    body = <TiersNotOffered offered={offered ?? []} />;
  } else {
    const value = isComplete(formData)
      ? formData
      : initialValue(config, formData, options ?? {});
    body = (
      <>
        <EnvironmentChoices
          config={config}
          chosen={value.environments}
          onToggle={(name, checked) =>
            onChange({
              ...value,
              environments: toggleEnvironment(
                config,
                value.environments,
                name,
                checked,
              ),
            })
          }
          error={rawErrors.some(message => message.startsWith('environments'))}
          disabled={!!(disabled || readonly)}
        />
        <TierChoices
          id={id}
          tiers={config.tiers}
          chosen={chosenEnvironments(config, value.environments)}
          tier={value.tier}
          onSelect={tier => onChange({ ...value, tier })}
          error={rawErrors.some(message => message.startsWith('tier'))}
          disabled={!!(disabled || readonly)}
        />
      </>
    );
  }

  return (
    <Box id={id} sx={{ mb: 1 }}>
      <Typography variant="h6" component="h3">
        {schema.title ?? 'Deployment'}
        {required && ' *'}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="text.secondary" component="div">
          <MarkdownContent content={schema.description} />
        </Typography>
      )}
      {body}
    </Box>
  );
};
