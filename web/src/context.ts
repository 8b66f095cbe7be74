import { createContext, useContext } from "react";
import type { Capabilities } from "./api/capabilities";
import type { Session } from "./auth/session";

export interface ConsoleContext {
  session: Session;
  caps: Capabilities;
  can(operation: string): boolean;
}

export const Ctx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const c = useContext(Ctx);
  if (!c) throw new Error("outside the console");
  return c;
}
