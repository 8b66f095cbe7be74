import { useState } from "react";
import { Button, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import { api, page, raw } from "../api/client";
import { PageHeader, Row, Section, download, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { useConsole } from "../context";
import { datum } from "../labels";

interface Exit { id: string; client_id: number; choice: string; status: string; effective_date: string; export: { ready?: boolean } | null }
interface Viewer { id: string; client_id: number; status: string; period_start: string; period_end: string; fee_invoice: string; renewed_until: string | null }

const CHOICE: Record<string, string> = { delete: "Vernietigen na export", retain: "Bewaren met kijkaccount" };

export default function Exits() {
  const { can, session } = useConsole();
  const viewers = useLoad(async () => (can("viewer_accounts") ? (await page<Viewer>("viewer-accounts")).items : []));
  const [client, setClient] = useState(session.clientId ? String(session.clientId) : "");
  const [choice, setChoice] = useState("delete");
  const [exitId, setExitId] = useState(sessionStorage.getItem("console-exit") || "");
  const [exit, setExit] = useState<Exit | null>(null);
  const act = useAction();
  const show = (e: Exit) => { setExit(e); setExitId(e.id); sessionStorage.setItem("console-exit", e.id); };
  return (
    <>
      <PageHeader title="Exits en kijkaccounts" />
      <ProblemBar error={act.error} />
      <Section title="Opzegging doorgeven">
        <Row>
          <Field label="Opdrachtgever (nummer)">
            <Input type="number" min={1} value={client} onChange={(_, d) => setClient(d.value)} disabled={Boolean(session.clientId)} />
          </Field>
          <Field label="Keuze">
            <Select value={choice} onChange={(_, d) => setChoice(d.value)}>
              {Object.entries(CHOICE).map(([v, t]) => <option key={v} value={v}>{t}</option>)}
            </Select>
          </Field>
          <Button appearance="primary" disabled={act.busy} onClick={() => act.run(async () =>
            show(await api<Exit>("exits", { method: "POST", body: { client_id: Number(client), choice } })))}>Opzeggen</Button>
        </Row>
      </Section>
      <Section title="Een exit bekijken">
        <Row>
          <Field label="Kenmerk van de exit"><Input value={exitId} onChange={(_, d) => setExitId(d.value)} /></Field>
          <Button disabled={!exitId || act.busy} onClick={() => act.run(async () => show(await api<Exit>(`exits/${exitId}`)))}>Tonen</Button>
        </Row>
        {exit && (
          <dl className="facts">
            <dt>Opdrachtgever</dt><dd>{exit.client_id}</dd><dt>Keuze</dt><dd>{CHOICE[exit.choice] || exit.choice}</dd>
            <dt>Status</dt><dd>{exit.status.replace(/_/g, " ")}</dd><dt>Ingangsdatum</dt><dd>{datum(exit.effective_date)}</dd>
          </dl>
        )}
        {exit && (
          <Row>
            {can("exit_cancel") && <Button onClick={() => act.run(async () => show(await api<Exit>(`exits/${exit.id}/cancel`, { method: "POST", body: {} })))}>Intrekken</Button>}
            {can("exit_export") && <Button onClick={() => act.run(async () => {
              const res = await raw(`exits/${exit.id}/export`, { query: { download: true }, accept: "application/zip" });
              download(await res.blob(), `export-opdrachtgever-${exit.client_id}.zip`);
            })}>Export downloaden</Button>}
          </Row>
        )}
      </Section>
      {can("viewer_accounts") && (
        <Section title="Kijkaccounts">
          {viewers.view((rows) => rows.length === 0 ? <p>Geen kijkaccounts.</p> : (
            <Table aria-label="Kijkaccounts" size="small">
              <TableHeader><TableRow>
                <TableHeaderCell>Opdrachtgever</TableHeaderCell><TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Periode</TableHeaderCell><TableHeaderCell>Factuur</TableHeaderCell><TableHeaderCell>Verlengd tot</TableHeaderCell>
              </TableRow></TableHeader>
              <TableBody>{rows.map((v) => (
                <TableRow key={v.id}>
                  <TableCell>{v.client_id}</TableCell><TableCell>{v.status}</TableCell>
                  <TableCell>{datum(v.period_start)} – {datum(v.period_end)}</TableCell><TableCell>{v.fee_invoice}</TableCell>
                  <TableCell>{datum(v.renewed_until)}{can("viewer_account_renew") && !v.renewed_until && (
                    <> <Button size="small" onClick={async () => { if (await act.run(() => api(`viewer-accounts/${v.client_id}/renew`, { method: "POST", body: {} }))) viewers.reload(); }}>Verlengen</Button></>
                  )}</TableCell>
                </TableRow>))}
              </TableBody>
            </Table>
          ))}
        </Section>
      )}
    </>
  );
}
