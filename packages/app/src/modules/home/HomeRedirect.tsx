import { Navigate } from 'react-router-dom';

/** The home page's former path, kept for bookmarks: it now lives at `/`. */
export function HomeRedirect() {
  return <Navigate to="/" replace />;
}
