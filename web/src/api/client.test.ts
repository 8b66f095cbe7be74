import { ApiError, api, asPage, claimsChallenge, page, useTokens } from "./client";
import { allows, capabilitiesOf } from "./capabilities";

const CHALLENGE = 'Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"';

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

afterEach(() => {
  vi.restoreAllMocks();
  useTokens(null);
});

describe("the claims challenge", () => {
  it("decodes the claims of an insufficient_claims challenge", () => {
    expect(JSON.parse(claimsChallenge(CHALLENGE)!)).toEqual({ access_token: { acrs: { essential: true, value: "c1" } } });
  });
  it("ignores other challenges", () => {
    expect(claimsChallenge('Bearer error="invalid_token"')).toBeNull();
    expect(claimsChallenge(null)).toBeNull();
  });
});

describe("calls", () => {
  it("steps up once with the challenge's claims and retries with the new token", async () => {
    const stepUp = vi.fn(async () => "mfa-token");
    useTokens({ token: async () => "plain-token", stepUp });
    const fetch = vi.spyOn(globalThis, "fetch")
      .mockResolvedValueOnce(reply(401, { status: 401, title: "Unauthorized" }, { "WWW-Authenticate": CHALLENGE }))
      .mockResolvedValueOnce(reply(200, { items: [{ id: 1 }], next: null }));
    expect(await api("dsar")).toEqual({ items: [{ id: 1 }], next: null });
    expect(stepUp).toHaveBeenCalledWith('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}');
    const second = fetch.mock.calls[1][1] as RequestInit;
    expect((second.headers as Record<string, string>).Authorization).toBe("Bearer mfa-token");
  });

  it("turns problem+json into an ApiError with its detail", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValueOnce(reply(422, { status: 422, title: "Invalid input", detail: "Some fields are not valid" }));
    const err = (await api("dsar", { method: "POST", body: {} }).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.message).toBe("Some fields are not valid");
  });

  it("asks for one page with its cursor, leaving out empty filters", async () => {
    const fetch = vi.spyOn(globalThis, "fetch").mockResolvedValueOnce(reply(200, { items: [], next: "abc" }));
    expect(await page("dsar", { limit: 50, cursor: "xyz", type: "" })).toEqual({ items: [], next: "abc" });
    expect(fetch.mock.calls[0][0]).toBe("/api/dsar?limit=50&cursor=xyz");
  });

  it("reads a bare list as one last page", () => {
    expect(asPage([1, 2])).toEqual({ items: [1, 2], next: null });
  });
});

describe("capabilities from the OpenAPI document", () => {
  const caps = capabilitiesOf({ paths: { "/api/dsar": { get: { operationId: "dsar_list", "x-roles": ["Privacy.Officer", "Client.Admin"] } } } });
  it("allows an operation only for the roles the API names", () => {
    expect(allows(caps, "dsar_list", "Client.Admin")).toBe(true);
    expect(allows(caps, "dsar_list", "Privacy.Subject")).toBe(false);
    expect(allows(caps, "unknown", "Privacy.Officer")).toBe(false);
  });
});
