import { useState } from "react";
import { Button, Checkbox, Field, Input, Select, makeStyles, tokens } from "@fluentui/react-components";
import type { ConsoleConfig } from "./config";
import { devSignIn } from "./dev";
import type { Session } from "./session";
import { ProblemBar } from "../components/ProblemBar";

const useStyles = makeStyles({
  main: { maxWidth: "480px", margin: "48px auto", padding: "24px", display: "flex", flexDirection: "column", gap: "16px",
    backgroundColor: tokens.colorNeutralBackground1, boxShadow: tokens.shadow8, borderRadius: tokens.borderRadiusLarge },
});

/** Local sign-in with the dev issuer: any role, any client, as `privacy token` does. */
export function SignIn({ config, onSignedIn }: { config: ConsoleConfig; onSignedIn: (s: Session) => void }) {
  const s = useStyles();
  const [role, setRole] = useState(config.roles?.[0]?.id || "");
  const [clientId, setClientId] = useState("");
  const [email, setEmail] = useState("");
  const [mfa, setMfa] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const info = config.roles?.find((r) => r.id === role);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await devSignIn({
        role, mfa: Boolean(info?.needs_mfa && mfa),
        client_id: role === "Client.Admin" ? Number(clientId) : null,
        email: role === "Privacy.Subject" ? email : null,
      }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className={s.main}>
      <h1>Aanmelden bij de privacyconsole</h1>
      <p>
        Lokale ontwikkelomgeving: u krijgt een token van de dev-uitgever, net als met <code>privacy token</code>.
        In Azure meldt u zich aan met uw Microsoft-account.
      </p>
      <form onSubmit={submit} style={{ display: "flex", flexDirection: "column", gap: "12px" }}>
        <Field label="Rol">
          <Select value={role} onChange={(_, d) => setRole(d.value)}>
            {(config.roles || []).map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
          </Select>
        </Field>
        {role === "Client.Admin" && (
          <Field label="Nummer van de opdrachtgever" required>
            <Input type="number" min={1} value={clientId} onChange={(_, d) => setClientId(d.value)} required />
          </Field>
        )}
        {role === "Privacy.Subject" && (
          <Field label="Geverifieerd e-mailadres" required>
            <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} required autoComplete="email" />
          </Field>
        )}
        {info?.needs_mfa && (
          <Checkbox checked={mfa} onChange={(_, d) => setMfa(Boolean(d.checked))}
            label="Meteen met tweede factor (MFA); zonder vraagt de console erom zodra de API dat eist" />
        )}
        <ProblemBar error={error} />
        <Button appearance="primary" type="submit" disabled={busy}>Aanmelden</Button>
      </form>
    </main>
  );
}
