/**
 * A LAN station is opened once as `http://station:port/?token=…` (serve.cli prints it).
 * That page load already exchanged the token for an HttpOnly cookie (main/server/security.ts);
 * here the page takes it out of the address bar before anything else runs, so it is not
 * kept in history, bookmarks, a screenshot of the address bar, or a Referer. The hash
 * route (`#/desk`) and any other query stay as they were.
 */
export function stripTokenFromAddress(loc: Location = window.location, hist: History = window.history): void {
  const here = new URL(loc.href);
  if (!here.searchParams.has('token')) return;
  here.searchParams.delete('token');
  hist.replaceState(hist.state, '', here.pathname + here.search + here.hash);
}
