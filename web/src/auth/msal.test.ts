// The MSAL path with @azure/msal-browser replaced by a stand-in: sign-in by redirect, tokens
// silently, and the API's claims challenge passed to Entra as is (MFA step-up).
import { msalSession } from "./msal";

const calls: { silent: unknown[]; popup: unknown[]; login: unknown[] } = { silent: [], popup: [], login: [] };
let accounts: { username: string }[] = [];

function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${b64({ alg: "RS256" })}.${b64(claims)}.sig`;
}

vi.mock("@azure/msal-browser", () => {
  class InteractionRequiredAuthError extends Error {}
  class PublicClientApplication {
    constructor(public config: unknown) {}
    async initialize() {}
    async handleRedirectPromise() { return null; }
    getAllAccounts() { return accounts; }
    setActiveAccount() {}
    async loginRedirect(req: unknown) { calls.login.push(req); }
    async acquireTokenSilent(req: { claims?: string }) {
      calls.silent.push(req);
      if (req.claims) throw new InteractionRequiredAuthError("claims");
      return { accessToken: jwt({ roles: ["Client.Admin"], "extn.clientId": "3", name: "J. de Vries" }) };
    }
    async acquireTokenPopup(req: unknown) {
      calls.popup.push(req);
      return { accessToken: "token-with-mfa" };
    }
    async logoutRedirect() {}
  }
  return { PublicClientApplication, InteractionRequiredAuthError };
});

const config = { mode: "msal" as const, api: "/api", msal: { client_id: "spa", authority: "https://login.microsoftonline.com/t", scopes: ["api://privacy-suite/user_impersonation"] } };

beforeEach(() => {
  calls.silent = []; calls.popup = []; calls.login = []; accounts = [];
});

it("without an account it signs in by redirect with the API's scope", async () => {
  expect(await msalSession(config)).toBeNull();
  expect(calls.login).toEqual([{ scopes: ["api://privacy-suite/user_impersonation"] }]);
});

it("takes role and client from the token, and steps up with exactly the challenge's claims", async () => {
  accounts = [{ username: "j.devries@bakkerij.nl" }];
  const session = (await msalSession(config))!;
  expect(session.role).toBe("Client.Admin");
  expect(session.clientId).toBe(3);
  const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
  expect(await session.stepUp(claims)).toBe("token-with-mfa");
  expect(calls.popup).toEqual([expect.objectContaining({ claims, scopes: ["api://privacy-suite/user_impersonation"] })]);
});
