// Local sign-in: the host mints a dev token from the same dev issuer as `privacy token`.
// The host refuses this with PRIVACY_ENV=azure or a real issuer configured.
import { ApiError, type Problem } from "../api/client";
import { askStepUp, claimsOf, type Identity, type Session } from "./session";

const KEY = "privacy-console-dev";

export interface DevSignIn {
  role: string;
  mfa: boolean;
  client_id?: number | null;
  email?: string | null;
}

async function mint(req: DevSignIn): Promise<string> {
  const res = await fetch(`${import.meta.env.BASE_URL}dev-token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(req),
  });
  if (!res.ok) throw new ApiError((await res.json()) as Problem);
  return ((await res.json()) as { access_token: string }).access_token;
}

function session(req: DevSignIn, initial: string): Session {
  let token = initial;
  const claims = claimsOf(token);
  const identity: Identity = { role: req.role, clientId: req.client_id ?? null, email: req.email ?? null,
    name: (claims.preferred_username as string) || null };
  sessionStorage.setItem(KEY, JSON.stringify({ req, token }));
  return {
    ...identity,
    async token() {
      return token;
    },
    async stepUp(claimsJson: string) {
      // The dev issuer stands in for Entra: the claims name the auth context; confirm the second factor.
      if (!claimsJson.includes("acrs") || !(await askStepUp())) throw new Error("Tweede factor niet bevestigd");
      req = { ...req, mfa: true };
      token = await mint(req);
      sessionStorage.setItem(KEY, JSON.stringify({ req, token }));
      return token;
    },
    async signOut() {
      sessionStorage.removeItem(KEY);
    },
  };
}

export async function devSignIn(req: DevSignIn): Promise<Session> {
  return session(req, await mint(req));
}

export function devResume(): Session | null {
  const saved = sessionStorage.getItem(KEY);
  if (!saved) return null;
  const { req, token } = JSON.parse(saved) as { req: DevSignIn; token: string };
  const exp = Number(claimsOf(token).exp || 0);
  return exp * 1000 > Date.now() + 60_000 ? session(req, token) : null;
}
