import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformApiRef } from '../../api/platformApiRef';
import { errorMessage } from '../PlatformDeployment/errorMessage';
import { planService, type PlannedItem, type ServiceFormValues } from './plan';
import type { PlatformReviewFieldProps } from './schema';

const Section = (props: { title: string; items: PlannedItem[] }) =>
  props.items.length ? (
    <Box component="section" aria-label={props.title} sx={{ mt: 2 }}>
      <Typography variant="subtitle1" component="h3">
        {props.title}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {props.items.map(item => (
          <li key={item.title}>
            <Typography variant="body2" fontWeight="bold">
              {item.title}
            </Typography>
            <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
              {item.details.map(detail => (
                <Typography component="li" variant="body2" key={detail}>
                  {detail}
                </Typography>
              ))}
            </Box>
          </li>
        ))}
      </Box>
    </Box>
  ) : null;

/**
 * `ui:field: PlatformReview`: what the golden-path task will create from
 * the values of the form's other pages (its `formContext.formData`), with
 * the platform config's namespaces, quotas and environments: the
 * repository and its settings, each namespace with its quota, the alerts
 * and dashboards, and the catalog entry. It writes nothing into the form.
 */
export const PlatformReviewField = (props: PlatformReviewFieldProps) => {
  const values = ((props.formContext as { formData?: unknown } | undefined)
    ?.formData ?? {}) as ServiceFormValues;
  const platformApi = useApi(platformApiRef);
  const {
    value: config,
    loading,
    error,
    retry,
  } = useAsyncRetry(() => platformApi.getConfig(), [platformApi]);
  // Where the repository goes: the platform works it out from the name (the
  // name field checked it is free). Without it the review says what is missing.
  const { value: availability } = useAsync(
    async () =>
      values.name && !values.repoUrl
        ? platformApi.getNameAvailability(values.name)
        : undefined,
    [platformApi, values.name, values.repoUrl],
  );

  if (loading && !config) {
    return (
      <Box role="status" aria-live="polite">
        <Typography variant="body2" color="text.secondary">
          Working out what will be created…
        </Typography>
        {[0, 1, 2].map(row => (
          <Skeleton key={row} variant="text" width="60%" height={28} />
        ))}
      </Box>
    );
  }
  if (error || !config) {
    return (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={retry}>
            Retry
          </Button>
        }
      >
        <AlertTitle>Could not work out what will be created</AlertTitle>
        Loading the platform config failed
        {error ? `: ${errorMessage(error)}` : ''}. You can still create the
        service; its first step checks the request again.
      </Alert>
    );
  }
  const repository = availability?.repository;
  const plan = planService(
    values,
    config,
    repository?.host && repository.owner ? repository : undefined,
  );
  return (
    <Box>
      {props.schema?.title && (
        <Typography variant="h6" component="h2">
          {props.schema.title}
        </Typography>
      )}
      {plan.missing.length > 0 && (
        <Alert severity="info" sx={{ mt: 1 }}>
          Go back and choose {plan.missing.join(', ')} to see all of it.
        </Alert>
      )}
      <Section
        title="Repository"
        items={plan.repository ? [plan.repository] : []}
      />
      <Section title="Namespaces" items={plan.namespaces} />
      <Section title="Alerts and dashboards" items={plan.observability} />
      <Section title="Catalog" items={plan.catalog ? [plan.catalog] : []} />
    </Box>
  );
};
