import { Chip } from '@material-ui/core';

// Colours follow the lifecycle's meaning: live, trying out, on its way out.
const colours: Record<string, 'primary' | 'secondary' | 'default'> = {
  production: 'primary',
  experimental: 'secondary',
};

/** A service's lifecycle (production, experimental, deprecated, ...). */
export function LifecycleChip(props: { lifecycle?: string }) {
  if (!props.lifecycle) return null;
  return (
    <Chip
      size="small"
      label={props.lifecycle}
      color={colours[props.lifecycle] ?? 'default'}
      variant={props.lifecycle === 'deprecated' ? 'outlined' : 'default'}
    />
  );
}
