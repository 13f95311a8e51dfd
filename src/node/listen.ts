/**
 * Where the Node server listens, and the URLs its start-up log prints.
 *
 * Development credentials are generated, written to data/dev-credentials.json and known to anyone
 * who reads that file; a server holding them must not answer the whole network. So unless HOST says
 * otherwise, `npm start` with development credentials listens on the loopback address only, and a
 * production start (every secret from the environment) on every interface, as before.
 */

export const LOOPBACK = "127.0.0.1";
export const ALL_INTERFACES = "0.0.0.0";

/** The configured HOST, else loopback while development credentials are in use, else all interfaces. */
export function listenHost(configured: string | undefined, devCredentials: boolean): string {
  if (configured) return configured;
  return devCredentials ? LOOPBACK : ALL_INTERFACES;
}

/** Whether a listen address answers other machines (a wildcard or a non-loopback address). */
export function reachableFromNetwork(host: string): boolean {
  return !(host === "localhost" || host === "::1" || /^127\./.test(host));
}

/** The base URL to reach a server listening on `host`: a wildcard is reached on this machine's loopback. */
export function baseUrl(host: string, port: number): string {
  const h = host === ALL_INTERFACES ? LOOPBACK : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** What the start-up log shows: the address, and the URLs of the landing page, console and dashboard. */
export function startupUrls(host: string, port: number): { listen: string; url: string; console: string; dashboard: string } {
  const url = baseUrl(host, port);
  return { listen: `${host.includes(":") ? `[${host}]` : host}:${port}`, url, console: `${url}/console`, dashboard: `${url}/dashboard` };
}
