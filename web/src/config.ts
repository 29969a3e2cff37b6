// Runtime configuration, served next to the apps as /config.json (the local web server writes it
// from the running stack; in AWS it is published from the stack's outputs). No secrets in it.
export interface AuthConfig {
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl?: string | null;
  clientId: string;
  scopes: string[] | string;
  /** Where the authorize page sends the code back: the console's own URL (CloudFront's in AWS). */
  redirectUri?: string;
  logoutRedirectUri?: string;
}

export interface AppConfig {
  apiUrl: string;
  auth: AuthConfig;
  /** The operator's language for everyone; absent: each browser's own. */
  locale?: string;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
  const config = (await response.json()) as AppConfig;
  return { ...config, apiUrl: config.apiUrl.replace(/\/+$/, "") };
}
