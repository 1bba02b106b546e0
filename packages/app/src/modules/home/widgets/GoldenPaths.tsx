import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { LinkButton } from '@backstage/core-components';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import {
  Box,
  Card,
  CardActions,
  CardContent,
  Chip,
  Grid,
  Typography,
} from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { WidgetEmpty, WidgetError, WidgetLoading } from './WidgetStates';

/** The software templates as cards, each one click away from its form. */
export function GoldenPathsContent() {
  const catalogApi = useApi(catalogApiRef);
  const templateLink = useRouteRef(scaffolderPlugin.routes.selectedTemplate);
  const templates = useAsyncRetry(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'template' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.description',
        'metadata.tags',
        'spec.type',
      ],
      order: { field: 'metadata.title', order: 'asc' },
    });
    return items;
  }, [catalogApi]);

  if (templates.loading) return <WidgetLoading label="Loading golden paths" />;
  if (templates.error) {
    return (
      <WidgetError
        what="the golden paths"
        error={templates.error}
        onRetry={templates.retry}
      />
    );
  }
  if (!templates.value?.length) {
    return (
      <WidgetEmpty
        title="No golden paths yet"
        description="Templates registered in the catalog appear here, ready to start."
      />
    );
  }
  return (
    <Grid container spacing={2}>
      {templates.value.map(template => {
        const title = template.metadata.title ?? template.metadata.name;
        const href = templateLink?.({
          namespace: template.metadata.namespace ?? 'default',
          templateName: template.metadata.name,
        });
        return (
          <Grid item xs={12} sm={6} lg={4} key={stringifyEntityRef(template)}>
            <Card
              variant="outlined"
              component="section"
              aria-label={title}
              style={{
                height: '100%',
                display: 'flex',
                flexDirection: 'column',
              }}
            >
              <CardContent style={{ flex: 1 }}>
                <Typography variant="h6" component="h3">
                  {title}
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  {template.metadata.description}
                </Typography>
                <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
                  {template.metadata.tags?.map(tag => (
                    <Chip key={tag} size="small" label={tag} />
                  ))}
                </Box>
              </CardContent>
              {href && (
                <CardActions>
                  <LinkButton
                    to={href}
                    color="primary"
                    variant="contained"
                    aria-label={`Start ${title}`}
                  >
                    Start
                  </LinkButton>
                </CardActions>
              )}
            </Card>
          </Grid>
        );
      })}
    </Grid>
  );
}
