import { useState } from "react";
import {
  Button, Checkbox, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
} from "@fluentui/react-components";
import { api, page } from "../api/client";
import { PageHeader, Row, Section, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { useConsole } from "../context";
import { aantal, datum, nl } from "../labels";

interface Policy { id: string; trigger_nl: string; period_months: number; min_period_months: number; action: string;
  enabled: boolean; legal_basis: string; version: number; tables: string[] }
interface Preview { today: string; policies: { id: string; total_due: number; held: Record<string, number>; restricted: Record<string, number> }[] }
interface Run { id: string; status: string; started_at: string; finished_at: string | null; evidence?: Record<string, unknown> | null }
interface Hold { id: string; reason: string; subject_email?: string | null; client_id?: number | null; created_at?: string; placed_at?: string }

function PolicyRow({ p, editable, onSaved }: { p: Policy; editable: boolean; onSaved: () => void }) {
  const [months, setMonths] = useState(String(p.period_months));
  const [action, setAction] = useState(p.action);
  const [enabled, setEnabled] = useState(p.enabled);
  const [reason, setReason] = useState("");
  const act = useAction();
  const changed = months !== String(p.period_months) || action !== p.action || enabled !== p.enabled;
  return (
    <TableRow>
      <TableCell>{p.id}<br /><small>{p.legal_basis}</small></TableCell>
      <TableCell>{p.trigger_nl}</TableCell>
      <TableCell>
        {editable ? (
          <Field label={`Termijn in maanden (${p.id})`} hint={p.min_period_months ? `wettelijk minimum ${p.min_period_months}` : undefined}>
            <Input type="number" min={p.min_period_months} value={months} onChange={(_, d) => setMonths(d.value)} style={{ width: 100 }} />
          </Field>
        ) : `${p.period_months} maanden`}
      </TableCell>
      <TableCell>
        {editable ? (
          <Field label={`Actie (${p.id})`}>
            <Select value={action} onChange={(_, d) => setAction(d.value)}>
              <option value="delete">{nl("delete")}</option><option value="anonymise">{nl("anonymise")}</option>
            </Select>
          </Field>
        ) : nl(p.action)}
      </TableCell>
      <TableCell>
        {editable ? <Checkbox label={`Actief (${p.id})`} checked={enabled} onChange={(_, d) => setEnabled(Boolean(d.checked))} /> : p.enabled ? "Actief" : "Uit"}
      </TableCell>
      <TableCell>
        v{p.version}
        {editable && changed && (
          <>
            <Field label={`Reden van de wijziging (${p.id})`}><Input value={reason} onChange={(_, d) => setReason(d.value)} /></Field>
            <Button appearance="primary" size="small" disabled={act.busy} onClick={async () => {
              if (await act.run(() => api(`retention/policies/${p.id}`, { method: "PUT", body: {
                period_months: Number(months), action, enabled, reason: reason || undefined } }))) onSaved();
            }}>Opslaan</Button>
            <ProblemBar error={act.error} />
          </>
        )}
      </TableCell>
    </TableRow>
  );
}

export default function Bewaartermijnen() {
  const { can } = useConsole();
  const policies = useLoad(async () => (await page<Policy>("retention/policies")).items);
  const preview = useLoad(() => api<Preview>("retention/preview"));
  const runs = useLoad(async () => (await page<Run>("retention/runs", { limit: 10 })).items);
  const holds = useLoad(async () => (can("legal_holds") ? (await page<Hold>("legal-holds")).items : []));
  const [saved, setSaved] = useState(false);
  const [holdReason, setHoldReason] = useState("");
  const [holdEmail, setHoldEmail] = useState("");
  const [holdClient, setHoldClient] = useState("");
  const act = useAction();
  return (
    <>
      <PageHeader title="Bewaartermijnen" />
      {saved && <p role="status">Beleid opgeslagen als nieuwe versie.</p>}
      <Section title="Beleid">
        {policies.view((rows) => (
          <Table aria-label="Bewaarbeleid" size="small">
            <TableHeader><TableRow>
              <TableHeaderCell>Beleid</TableHeaderCell><TableHeaderCell>Vanaf</TableHeaderCell><TableHeaderCell>Termijn</TableHeaderCell>
              <TableHeaderCell>Actie</TableHeaderCell><TableHeaderCell>Actief</TableHeaderCell><TableHeaderCell>Versie</TableHeaderCell>
            </TableRow></TableHeader>
            <TableBody>
              {rows.map((p) => <PolicyRow key={`${p.id}-${p.version}`} p={p} editable={can("retention_policy_update")}
                onSaved={() => { setSaved(true); policies.reload(); preview.reload(); }} />)}
            </TableBody>
          </Table>
        ))}
      </Section>
      <Section title="Voorbeeld van de volgende ronde">
        {preview.view((pv) => (
          <ul data-testid="voorbeeld">
            {pv.policies.map((p) => (
              <li key={p.id}>{p.id}: {aantal(p.total_due)} rijen aan de beurt
                {Object.keys(p.held).length ? `, vastgehouden door een bewaarplicht: ${Object.values(p.held).reduce((a, b) => a + b, 0)}` : ""}</li>
            ))}
          </ul>
        ))}
      </Section>
      <Section title="Rondes en bewijs">
        {runs.view((rows) => rows.length === 0 ? <p>Nog geen rondes.</p> : (
          <ul>{rows.map((r) => <li key={r.id}>{datum(r.started_at)} · {r.status} · {r.evidence ? JSON.stringify(r.evidence).slice(0, 200) : ""}</li>)}</ul>
        ))}
      </Section>
      {can("legal_holds") && (
        <Section title="Bewaarplichten (legal holds)">
          {holds.view((rows) => rows.length === 0 ? <p>Geen actieve bewaarplichten.</p> : (
            <ul>{rows.map((h) => (
              <li key={h.id}>{h.reason} · {h.subject_email || ""} {h.client_id ? `opdrachtgever ${h.client_id}` : ""}
                {can("legal_hold_lift") && <> <Button size="small" onClick={async () => { if (await act.run(() => api(`legal-holds/${h.id}`, { method: "DELETE", body: { reason: holdReason || "Opgeheven door de FG via de console" } }))) holds.reload(); }}>Opheffen</Button></>}
              </li>))}
            </ul>
          ))}
          {can("legal_hold_create") && (
            <Row>
              <Field label="Reden"><Input value={holdReason} onChange={(_, d) => setHoldReason(d.value)} /></Field>
              <Field label="E-mailadres betrokkene"><Input type="email" value={holdEmail} onChange={(_, d) => setHoldEmail(d.value)} /></Field>
              <Field label="Opdrachtgever"><Input type="number" value={holdClient} onChange={(_, d) => setHoldClient(d.value)} /></Field>
              <Button disabled={act.busy} onClick={async () => {
                if (await act.run(() => api("legal-holds", { method: "POST", body: { reason: holdReason,
                  subject: holdEmail ? { email: holdEmail } : undefined, client_id: holdClient ? Number(holdClient) : undefined } }))) holds.reload();
              }}>Bewaarplicht vastleggen</Button>
            </Row>
          )}
          <ProblemBar error={act.error} />
        </Section>
      )}
    </>
  );
}
