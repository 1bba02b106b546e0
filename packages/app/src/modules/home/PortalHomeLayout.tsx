import { Content, Header, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import { Grid } from '@material-ui/core';

/**
 * Where each widget goes, by name: what a developer comes for first. Widgets
 * not listed (from other plugins) follow in half-width cells.
 */
const placement: Record<string, { order: number; wide?: boolean }> = {
  HomePageSearchBar: { order: 0, wide: true },
  TeamServices: { order: 1 },
  RecentTasks: { order: 2 },
  GoldenPaths: { order: 3, wide: true },
  HomePageStarredEntities: { order: 4 },
};

function placeOf(name?: string) {
  return (name && placement[name]) || { order: Number.MAX_SAFE_INTEGER };
}

/**
 * The portal's front door: its name, then the widgets (search first), each
 * in a section named by its title.
 */
export function PortalHomeLayout(props: HomePageLayoutProps) {
  const config = useApi(configApiRef);
  const title = config.getOptionalString('app.title') ?? 'Developer Portal';
  const organization = config.getOptionalString('organization.name');
  const widgets = [...props.widgets].sort(
    (a, b) => placeOf(a.name).order - placeOf(b.name).order,
  );

  return (
    <Page themeId="home">
      <Header
        title={organization ? `${organization} ${title}` : title}
        subtitle="Your team's services, golden paths and docs in one place"
      />
      <Content>
        <Grid container spacing={3}>
          {widgets.map(widget => (
            <Grid
              item
              xs={12}
              md={placeOf(widget.name).wide ? 12 : 6}
              key={widget.node.spec.id}
            >
              <section aria-label={widget.title ?? widget.description}>
                {widget.component}
              </section>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
