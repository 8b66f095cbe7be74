// The signed-in session: one role, its token, and how to step up to MFA when the API asks.
import type { TokenSource } from "../api/client";

export interface Identity {
  role: string;
  clientId?: number | null;
  email?: string | null;
  name?: string | null;
}

export interface Session extends TokenSource, Identity {
  signOut(): Promise<void>;
}

/** Claims of a JWT, read only to show who is signed in; the API checks the signature. */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split(".")[1] || "";
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
  try {
    const json = decodeURIComponent(
      Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)))
        .map((c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0"))
        .join(""),
    );
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Asks the person to pass the second factor; the shell shows the dialog. */
type StepUpPrompt = () => Promise<boolean>;
let prompt: StepUpPrompt = async () => false;
export function onStepUpPrompt(p: StepUpPrompt): void {
  prompt = p;
}
export function askStepUp(): Promise<boolean> {
  return prompt();
}
