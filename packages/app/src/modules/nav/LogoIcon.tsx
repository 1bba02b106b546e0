import { makeStyles } from '@material-ui/core';
import { usePortalName } from './usePortalName';

const useStyles = makeStyles({
  mark: {
    width: 32,
    height: 32,
    borderRadius: 8,
    background: '#7df3e1',
    color: '#171717',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontWeight: 700,
    fontSize: 18,
    flexShrink: 0,
  },
});

/** The organisation's initial on a tile: the logo of the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  const { title, organization } = usePortalName();
  const initial = (organization ?? title).trim().charAt(0).toUpperCase();
  return (
    <span className={classes.mark} aria-hidden>
      {initial}
    </span>
  );
};
