import { MarkdownContent } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api/platformApiRef';
import { chosenEntity } from '../chosenEntity';
import { EnvironmentChoices } from './EnvironmentChoices';
import type { PlatformDeploymentFieldProps } from './schema';
import {
  ExistingState,
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
  presentEnvironments,
  toggleEnvironment,
  withEnvironments,
} from './value';

/**
 * `ui:field: PlatformDeployment`: the environments a new service gets a
 * namespace in and the resource tier of those namespaces, as the platform
 * backend's config offers them. With `ui:options.entityField`, for an
 * existing service: the environments it has already are shown as present
 * and cannot be chosen.
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
    formContext,
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

  // For an existing service, what it has already (the form's entity field).
  const entityField = options?.entityField;
  const entity = entityField
    ? chosenEntity(
        (formContext as { formData?: unknown } | undefined)?.formData,
        entityField,
      )
    : undefined;
  const existing = useAsyncRetry(
    async () =>
      entity ? platformApi.getServiceEnvironments(entity.ref) : undefined,
    [platformApi, entity?.ref],
  );
  const present = useMemo(
    () => presentEnvironments(existing.value),
    [existing.value],
  );
  const checking = !!entity && existing.loading;
  // The tier a change of environments cleared, to say why it went.
  const [cleared, setCleared] =
    useState<ReturnType<typeof withEnvironments>['cleared']>();

  // The form holds a value from the start, so its validation always runs;
  // environments the service has already cannot be unticked, so they go.
  useEffect(() => {
    if (!usable || checking) return;
    if (!isComplete(formData)) {
      onChange(initialValue(config, formData, options ?? {}, present));
    } else if (formData.environments.some(name => present.has(name))) {
      onChange({
        ...formData,
        environments: formData.environments.filter(name => !present.has(name)),
      });
    }
  }, [usable, checking, config, formData, options, present, onChange]);

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
      : initialValue(config, formData, options ?? {}, present);
    body = (
      <>
        {entityField && (
          <ExistingState
            entityRef={entity?.ref}
            loading={checking}
            error={existing.error}
            onRetry={existing.retry}
            none={
              !!existing.value &&
              config.environments.every(e => present.has(e.name))
            }
          />
        )}
        <EnvironmentChoices
          config={config}
          existing={existing.value}
          chosen={value.environments}
          onToggle={(name, checked) => {
            const next = withEnvironments(
              config,
              value,
              toggleEnvironment(config, value.environments, name, checked),
            );
            setCleared(next.cleared ?? (value.tier ? undefined : cleared));
            onChange(next.value);
          }}
          error={rawErrors.some(message => message.startsWith('environments'))}
          disabled={!!(disabled || readonly || checking)}
        />
        <TierChoices
          id={id}
          tiers={config.tiers}
          chosen={chosenEnvironments(config, value.environments)}
          tier={value.tier}
          onSelect={tier => {
            setCleared(undefined);
            onChange({ ...value, tier });
          }}
          error={rawErrors.some(message => message.startsWith('tier'))}
          disabled={!!(disabled || readonly)}
          cleared={cleared}
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
