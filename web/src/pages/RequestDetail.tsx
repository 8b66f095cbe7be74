import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Button, Field, Input, Select, Textarea } from "@fluentui/react-components";
import { api, raw } from "../api/client";
import { PageHeader, Row, Section, TrafficLight, download, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { useConsole } from "../context";
import { light } from "../deadline";
import { datum, nl } from "../labels";
import { RequestLetters } from "./RequestLetters";
import type { Dsar } from "./Werkvoorraad";

interface DsarDetail extends Dsar {
  extension_reason: string | null;
  verification: { method: string; by: string; at: string } | null;
  decision: { admissible: boolean; reason: string; at: string } | null;
  rejection: { ground: string; reason: string } | null;
  result: Record<string, unknown> | null;
  history?: { at: string; action: string; actor_role: string; details: Record<string, unknown> | null }[];
}

const METHODS: [string, string][] = [
  ["dossier_number_postcode", "Dossiernummer en postcode gecontroleerd"],
  ["email_on_record", "Bevestiging via het bekende e-mailadres"],
  ["phone_callback", "Teruggebeld op het bekende nummer"],
  ["client_confirmed", "Bevestigd door de opdrachtgever"],
  ["portal_verified_email", "Aangemeld in het portaal met geverifieerd e-mailadres"],
];
const GROUNDS: [string, string][] = [
  ["manifestly_unfounded", "Kennelijk ongegrond (art. 12 lid 5)"],
  ["excessive", "Buitensporig (art. 12 lid 5)"],
  ["identity_not_established", "Identiteit niet vast te stellen (art. 12 lid 6)"],
  ["controller_decision", "Besluit van de opdrachtgever"],
];

export function RequestDetail() {
  const { id = "" } = useParams();
  const { can } = useConsole();
  const req = useLoad(() => api<DsarDetail>(`dsar/${id}`), [id]);
  const act = useAction();
  const [method, setMethod] = useState(METHODS[0][0]);
  const [reference, setReference] = useState("");
  const [postcode, setPostcode] = useState("");
  const [reason, setReason] = useState("");
  const [ground, setGround] = useState(GROUNDS[0][0]);
  const [done, setDone] = useState<string | null>(null);

  const post = (action: string, body: unknown, label: string) => act.run(async () => {
    await api(`dsar/${id}/${action}`, { method: "POST", body });
    setDone(label);
    req.reload();
  });

  return req.view((r) => {
    const l = light(r);
    const open = r.status_group === "open";
    return (
      <>
        <p><Link to="..">← Werkvoorraad</Link></p>
        <PageHeader title={`${nl(r.type)}verzoek van ${r.subject_email}`} />
        <Section title="Termijnen">
          <dl className="facts">
            <dt>Status</dt><dd data-testid="status">{nl(r.status)}</dd>
            <dt>Ontvangen</dt><dd>{datum(r.received_at)}</dd>
            <dt>Streefdatum</dt><dd>{datum(r.target_date)}</dd>
            <dt>Uiterste datum</dt><dd>{datum(r.due_date)}</dd>
            <dt>Verlengd tot</dt><dd>{datum(r.extended_due_date)}{r.extension_reason ? ` (${r.extension_reason})` : ""}</dd>
            <dt>Termijn</dt><dd><TrafficLight light={l.light} text={l.text} /></dd>
            <dt>Termijn van</dt><dd>{r.deadline_owner === "controller" ? `Opdrachtgever ${r.client_id} (verwerkingsverantwoordelijke)` : "Incassotool"}</dd>
            <dt>Kanaal</dt><dd>{nl(r.channel)}</dd>
            {r.verification && <><dt>Identiteit</dt><dd>{METHODS.find((m) => m[0] === r.verification!.method)?.[1] || r.verification.method}, {datum(r.verification.at)}</dd></>}
            {r.decision && <><dt>Besluit</dt><dd>{r.decision.admissible ? "Ontvankelijk" : "Niet ontvankelijk"}: {r.decision.reason}</dd></>}
            {r.rejection && <><dt>Afgewezen</dt><dd>{GROUNDS.find((g) => g[0] === r.rejection!.ground)?.[1] || r.rejection.ground}: {r.rejection.reason}</dd></>}
          </dl>
        </Section>
        {done && <p role="status">Vastgelegd: {done}.</p>}
        <ProblemBar error={act.error} />
        {open && (
          <Section title="Handelingen">
            {can("dsar_verify") && ["received", "awaiting_verification"].includes(r.status) && (
              <Row>
                <Field label="Identiteitscontrole">
                  <Select value={method} onChange={(_, d) => setMethod(d.value)}>
                    {METHODS.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
                  </Select>
                </Field>
                <Field label="Dossiernummer"><Input value={reference} onChange={(_, d) => setReference(d.value)} /></Field>
                <Field label="Postcode"><Input value={postcode} onChange={(_, d) => setPostcode(d.value)} /></Field>
                <Button disabled={act.busy} onClick={() => post("verify", { method, dossier_reference: reference || undefined, postcode: postcode || undefined }, "identiteit gecontroleerd")}>Identiteit vastleggen</Button>
              </Row>
            )}
            <Field label="Motivering (bij besluit, verlenging of afwijzing)">
              <Textarea value={reason} onChange={(_, d) => setReason(d.value)} />
            </Field>
            <Row>
              {can("dsar_decision") && r.status === "awaiting_controller" && (
                <>
                  <Button disabled={act.busy} onClick={() => post("decision", { admissible: true, reason }, "ontvankelijk verklaard")}>Ontvankelijk</Button>
                  <Button disabled={act.busy} onClick={() => post("decision", { admissible: false, reason }, "niet ontvankelijk verklaard")}>Niet ontvankelijk</Button>
                </>
              )}
              {can("dsar_extend") && !r.extended_due_date && (
                <Button disabled={act.busy} onClick={() => post("extend", { reason }, "verlengd")}>Verlengen met twee maanden</Button>
              )}
              {can("dsar_complete") && ["in_progress", "extended"].includes(r.status) && (
                <Button appearance="primary" disabled={act.busy} onClick={() => post("complete", {}, "uitgevoerd en beantwoord")}>Uitvoeren en afhandelen</Button>
              )}
              <Field label="Grond van afwijzing">
                <Select value={ground} onChange={(_, d) => setGround(d.value)}>
                  {GROUNDS.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
                </Select>
              </Field>
              {can("dsar_reject") && (
                <Button disabled={act.busy} onClick={() => post("reject", { ground, reason }, "afgewezen")}>Afwijzen</Button>
              )}
            </Row>
          </Section>
        )}
        {r.export_available && can("dsar_export") && (
          <Section title="Pakket (art. 15/20)">
            <Button appearance="primary" onClick={() => act.run(async () => {
              const res = await raw(`dsar/${id}/export`, { query: { download: true }, accept: "application/zip" });
              download(await res.blob(), `verzoek-${id.slice(0, 8)}.zip`);
              setDone("pakket gedownload");
            })}>Pakket downloaden</Button>
          </Section>
        )}
        {r.result && (
          <Section title="Uitkomst">
            <pre style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(r.result, null, 2)}</pre>
          </Section>
        )}
        <RequestLetters id={id} version={r} />
        <Section title="Geschiedenis">
          <ol>
            {(r.history || []).map((h, i) => (
              <li key={i}>{datum(h.at)} · {h.action.replace(/_/g, " ")} · {h.actor_role}</li>
            ))}
          </ol>
        </Section>
      </>
    );
  });
}
