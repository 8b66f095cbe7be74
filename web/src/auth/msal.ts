// Azure: MSAL.js, authorization code flow with PKCE, against the suite's app registration.
// Loaded only in this mode, so the local console does not ship MSAL in its first page.
import type { ConsoleConfig } from "./config";
import { claimsOf, type Session } from "./session";

const PREFERRED = ["Privacy.Officer", "Privacy.Staff", "Ops.Engineer", "Client.Admin", "Privacy.Subject"];

export async function msalSession(config: ConsoleConfig, clientClaim = "extn.clientId"): Promise<Session | null> {
  const { PublicClientApplication, InteractionRequiredAuthError } = await import("@azure/msal-browser");
  const m = config.msal!;
  const app = new PublicClientApplication({
    auth: { clientId: m.client_id, authority: m.authority, redirectUri: `${location.origin}${import.meta.env.BASE_URL}` },
    cache: { cacheLocation: "sessionStorage" },
  });
  await app.initialize();
  const redirect = await app.handleRedirectPromise();
  const account = redirect?.account || app.getAllAccounts()[0];
  if (!account) {
    await app.loginRedirect({ scopes: m.scopes });
    return null;
  }
  app.setActiveAccount(account);
  const silent = async (claims?: string) => {
    try {
      return (await app.acquireTokenSilent({ scopes: m.scopes, account, claims })).accessToken;
    } catch (e) {
      if (!(e instanceof InteractionRequiredAuthError) && !claims) throw e;
      return (await app.acquireTokenPopup({ scopes: m.scopes, account, claims })).accessToken;
    }
  };
  const first = await silent();
  const claims = claimsOf(first);
  const roles = (claims.roles as string[]) || [];
  const role = PREFERRED.find((r) => roles.includes(r)) || roles[0] || "";
  const client = claims[clientClaim];
  return {
    role,
    clientId: client ? Number(client) : null,
    email: (claims.email as string) || null,
    name: (claims.name as string) || account.username,
    token: () => silent(),
    // The claims challenge of the API goes to Entra as is: Conditional Access asks for MFA.
    stepUp: (challenge: string) => silent(challenge),
    async signOut() {
      await app.logoutRedirect({ account });
    },
  };
}
