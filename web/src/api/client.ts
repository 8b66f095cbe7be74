// The one way the console talks to the suite: the HTTP functions under /api, with the bearer token
// of the session. A 401 with the Entra claims challenge steps up (MFA) once and retries.

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field?: string; message?: string }[];
}

export class ApiError extends Error {
  constructor(public problem: Problem) {
    super(problem.detail || problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

/** A collection as every list route answers it. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface TokenSource {
  token(): Promise<string>;
  /** Get a token that satisfies the claims of an insufficient_claims challenge (MFA step-up). */
  stepUp(claims: string): Promise<string>;
}

/** The claims of `WWW-Authenticate: Bearer error="insufficient_claims", claims="<base64url>"`, decoded. */
export function claimsChallenge(header: string | null): string | null {
  if (!header || !/error="insufficient_claims"/.test(header)) return null;
  const m = /claims="([^"]+)"/.exec(header);
  if (!m) return null;
  const b64 = m[1].replace(/-/g, "+").replace(/_/g, "/");
  try {
    return atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return null;
  }
}

let source: TokenSource | null = null;
export function useTokens(s: TokenSource | null): void {
  source = s;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  accept?: string;
}

function url(path: string, query?: RequestOptions["query"]): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const qs = q.toString();
  return `/api/${path.replace(/^\//, "")}${qs ? `?${qs}` : ""}`;
}

async function send(path: string, opts: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: opts.accept || "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(url(path, opts.query), {
    method: opts.method || "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
}

async function problemOf(res: Response): Promise<Problem> {
  try {
    const body = await res.json();
    if (body && typeof body === "object" && "status" in body) return body as Problem;
  } catch {
    /* not JSON */
  }
  return { title: res.statusText || "Fout", status: res.status };
}

/** The raw response of a route (for files), after auth and one step-up. */
export async function raw(path: string, opts: RequestOptions = {}): Promise<Response> {
  let res = await send(path, opts, source ? await source.token() : null);
  if (res.status === 401 && source) {
    const claims = claimsChallenge(res.headers.get("WWW-Authenticate"));
    if (claims) res = await send(path, opts, await source.stepUp(claims));
  }
  if (!res.ok) throw new ApiError(await problemOf(res));
  return res;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await raw(path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** One page of a collection. Tolerates the older bare-list answers while routes converge. */
export async function page<T>(path: string, query: RequestOptions["query"] = {}): Promise<Page<T>> {
  const body = await api<unknown>(path, { query });
  return asPage<T>(body);
}

export function asPage<T>(body: unknown): Page<T> {
  if (Array.isArray(body)) return { items: body as T[], next: null };
  const b = body as { items?: T[]; next?: string | null };
  return { items: b?.items ?? [], next: b?.next ?? null };
}
