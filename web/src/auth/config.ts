// How this host wants the console to sign in: served by `privacy serve` (dev issuer or MSAL) or,
// in Azure, as a config.json next to the app.
export interface RoleInfo {
  id: string;
  label: string;
  needs_mfa: boolean;
}
export interface ConsoleConfig {
  mode: "dev" | "msal";
  api: string;
  roles?: RoleInfo[]; // the dev sign-in's choice of roles; in MSAL mode the token's roles decide
  mfa_context?: string;
  msal?: { client_id: string; authority: string; scopes: string[] };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch(`${import.meta.env.BASE_URL}config.json`, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`De configuratie van de console is niet te laden (${res.status})`);
  return (await res.json()) as ConsoleConfig;
}
