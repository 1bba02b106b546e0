import { useApi } from '@backstage/frontend-plugin-api';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api/platformApiRef';
import { errorMessage } from '../PlatformDeployment/errorMessage';
import { chosenEntity } from '../chosenEntity';
import { confirmationProblem } from './confirmation';
import { projectSlugOf, removalsFor, type Removal } from './removals';
import type { PlatformConfirmNameFieldProps } from './schema';

const RemovalList = (props: { title: string; items: Removal[] }) =>
  props.items.length ? (
    <Box component="section" aria-label={props.title} sx={{ mt: 1 }}>
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {props.items.map(item => (
          <Typography
            component="li"
            variant="body2"
            key={item.title}
            color={item.present ? 'text.primary' : 'text.secondary'}
          >
            <strong>{item.title}</strong>: {item.detail}
          </Typography>
        ))}
      </Box>
    </Box>
  ) : null;

/**
 * `ui:field: PlatformConfirmName`: what decommissioning the chosen service
 * removes (its namespaces per environment, its repository, its catalog
 * entry), whether the user may, and a text field where the user types the
 * service's name to confirm. Valid only when the text is the name.
 */
export const PlatformConfirmNameField = (
  props: PlatformConfirmNameFieldProps,
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
    formContext,
  } = props;
  const catalogApi = useApi(catalogApiRef);
  const platformApi = useApi(platformApiRef);
  const chosen = chosenEntity(
    (formContext as { formData?: unknown } | undefined)?.formData,
    uiSchema?.['ui:options']?.entityField,
  );
  const id = idSchema?.$id ?? 'platform-confirm-name';
  const typed = formData ?? '';

  const details = useAsyncRetry(async () => {
    if (!chosen) return undefined;
    const [entity, config] = await Promise.all([
      catalogApi.getEntityByRef(chosen.ref),
      platformApi.getConfig(),
    ]);
    return { entity, config };
  }, [catalogApi, platformApi, chosen?.ref]);
  const entity = details.value?.entity;
  // Whether each namespace and the repository is there now.
  const availability = useAsync(async () => {
    if (!entity) return undefined;
    const slug = projectSlugOf(entity);
    return platformApi.getNameAvailability(entity.metadata.name, {
      owner: slug?.owner,
    });
  }, [platformApi, entity]);
  const permissionApi = useApi(permissionApiRef);
  // Asked once per chosen entity; the validation asks again when the form moves on.
  const permission = useAsync(async () => {
    if (!chosen) return undefined;
    const { result } = await permissionApi.authorize({
      permission: catalogEntityDeletePermission,
      resourceRef: chosen.ref,
    });
    return result === 'ALLOW';
  }, [permissionApi, chosen?.ref]);

  let overview = null;
  if (!chosen) {
    overview = (
      <Alert severity="info">
        Go back and choose the service to decommission.
      </Alert>
    );
  } else if (details.loading) {
    overview = (
      <Box role="status" aria-live="polite">
        <Typography variant="body2" color="text.secondary">
          Working out what {chosen.ref} has…
        </Typography>
        {[0, 1, 2].map(row => (
          <Skeleton key={row} variant="text" width="60%" height={28} />
        ))}
      </Box>
    );
  } else if (details.error) {
    overview = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={details.retry}>
            Retry
          </Button>
        }
      >
        <AlertTitle>Could not work out what will be removed</AlertTitle>
        Loading {chosen.ref} or the platform config failed:{' '}
        {errorMessage(details.error)}.
      </Alert>
    );
  } else if (!entity) {
    overview = (
      <Alert severity="info">
        {chosen.ref} is not in the catalog: it is gone already, and the task
        will have nothing to remove.
      </Alert>
    );
  } else {
    const removals = removalsFor(
      entity,
      details.value!.config,
      availability.value,
    );
    overview = (
      <Box>
        <Typography variant="body2">
          Decommissioning <strong>{chosen.ref}</strong> removes:
        </Typography>
        <RemovalList title="Namespaces" items={removals.namespaces} />
        <RemovalList
          title="Repository"
          items={removals.repository ? [removals.repository] : []}
        />
        {!removals.repository && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            It names no repository (no github.com/project-slug annotation): none
            is archived.
          </Typography>
        )}
        <RemovalList title="Catalog" items={[removals.catalog]} />
        {availability.error && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            Whether each of them is there now could not be checked:{' '}
            {errorMessage(availability.error)}.
          </Typography>
        )}
        {permission.value === false && (
          <Alert severity="error" sx={{ mt: 1 }}>
            You may not decommission {chosen.ref}: only members of its owner
            {entity.spec?.owner ? ` (${String(entity.spec.owner)})` : ''} and of
            the portal's admin groups may.
          </Alert>
        )}
      </Box>
    );
  }

  const mismatch = typed ? confirmationProblem(typed, chosen) : undefined;
  return (
    <Box sx={{ mb: 1 }}>
      {overview}
      <TextField
        id={id}
        label={schema.title ?? "Type the service's name to confirm"}
        helperText={
          mismatch ??
          (chosen
            ? `Type ${chosen.name} to confirm. ${schema.description ?? ''}`
            : schema.description)
        }
        required={required}
        disabled={disabled || !chosen}
        value={typed}
        onChange={event => onChange(event.target.value)}
        error={Boolean(mismatch) || rawErrors.length > 0}
        autoComplete="off"
        spellCheck={false}
        margin="normal"
        fullWidth
      />
    </Box>
  );
};
