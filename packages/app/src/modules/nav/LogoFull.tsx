import { makeStyles } from '@material-ui/core';
import { LogoIcon } from './LogoIcon';
import { usePortalName } from './usePortalName';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: 10,
    color: '#ffffff',
    whiteSpace: 'nowrap',
  },
  text: {
    display: 'flex',
    flexDirection: 'column',
    lineHeight: 1.15,
  },
  organization: {
    fontWeight: 700,
    fontSize: 16,
  },
  title: {
    fontSize: 13,
    opacity: 0.8,
  },
});

/** The portal's name beside its mark: the logo of the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  const { title, organization } = usePortalName();
  return (
    <span className={classes.root}>
      <LogoIcon />
      <span className={classes.text}>
        {organization && (
          <span className={classes.organization}>{organization}</span>
        )}
        <span className={organization ? classes.title : classes.organization}>
          {title}
        </span>
      </span>
    </span>
  );
};
