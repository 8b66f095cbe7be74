// Which operations a role may call, read from the OpenAPI document's x-roles: the console shows
// a page or an action only where the API allows it, and never keeps its own table of roles.
import { api } from "./client";

export type Capabilities = Record<string, string[]>;

interface OpenApi {
  paths: Record<string, Record<string, { operationId?: string; "x-roles"?: string[] }>>;
}

export async function loadCapabilities(): Promise<Capabilities> {
  const doc = await api<OpenApi>("openapi.json");
  return capabilitiesOf(doc);
}

export function capabilitiesOf(doc: OpenApi): Capabilities {
  const out: Capabilities = {};
  for (const ops of Object.values(doc.paths || {}))
    for (const op of Object.values(ops)) if (op && op.operationId) out[op.operationId] = op["x-roles"] || [];
  return out;
}

export function allows(caps: Capabilities, operation: string, role: string): boolean {
  return (caps[operation] || []).includes(role);
}
