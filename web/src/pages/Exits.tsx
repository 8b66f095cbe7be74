import { useEffect, useState } from "react";
import { Button, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import { api, page, raw } from "../api/client";
import { PageHeader, Row, Section, followLink, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { useConsole } from "../context";
import { datum } from "../labels";

interface Exit {
  id: string; client_id: number; choice: string; status: string; requested_at: string; effective_date: string;
  waiting_reason: string | null; export: { built_at: string } | null; destroyed_at: string | null;
}
interface Viewer { id: string; client_id: number; status: string; period_start: string; period_end: string; fee_invoice: string; renewed_until: string | null }

const CHOICE: Record<string, string> = { delete: "Vernietigen na export", retain: "Bewaren met kijkaccount" };
const STATUS: Record<string, string> = {
  notice_given: "Opgezegd, wacht op de ingangsdatum", on_hold: "Aangehouden (bewaarplicht)", destroying: "Wordt vernietigd",
  cancelled: "Ingetrokken", destroyed: "Vernietigd", converted_to_viewer: "Kijkaccount",
  active: "Actief", lapsed: "Verlopen",
};
const word = (s: string) => STATUS[s] ?? s.replace(/_/g, " ");

/** The exits the API lets the caller see (a client admin: its own), newest first, one page at a time. */
function useExits() {
  const [rows, setRows] = useState<Exit[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  async function load(cursor: string | null) {
    try {
      const p = await page<Exit>("exits", { limit: 50, cursor });
      setRows((old) => (cursor && old ? [...old, ...p.items] : p.items));
      setNext(p.next);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => { load(null); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [tick]);
  return { rows, next, error, more: () => load(next), reload: () => setTick((t) => t + 1) };
}

export default function Exits() {
  const [exportNote, setExportNote] = useState<string | null>(null);
  const { can, session } = useConsole();
  const list = useExits();
  const viewers = useLoad(async () => (can("viewer_accounts") ? (await page<Viewer>("viewer-accounts")).items : []));
  const [client, setClient] = useState(session.clientId ? String(session.clientId) : "");
  const [choice, setChoice] = useState("delete");
  const [exit, setExit] = useState<Exit | null>(null);
  const act = useAction();
  const show = (e: Exit) => { setExit(e); list.reload(); };
  return (
    <>
      <PageHeader title="Exits en kijkaccounts" />
      <ProblemBar error={act.error} />
      <Section title="Exits">
        <ProblemBar error={list.error} />
        {list.rows === null && !list.error && <p role="status">Laden…</p>}
        {list.rows && list.rows.length === 0 && <p>Geen exits.</p>}
        {list.rows && list.rows.length > 0 && (
          <Table aria-label="Exits" size="small" data-testid="exits">
            <TableHeader><TableRow>
              <TableHeaderCell>Opdrachtgever</TableHeaderCell><TableHeaderCell>Keuze</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell><TableHeaderCell>Opgezegd</TableHeaderCell>
              <TableHeaderCell>Ingangsdatum</TableHeaderCell><TableHeaderCell>Exit</TableHeaderCell>
            </TableRow></TableHeader>
            <TableBody>{list.rows.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{e.client_id}</TableCell><TableCell>{CHOICE[e.choice] || e.choice}</TableCell>
                <TableCell>{word(e.status)}</TableCell><TableCell>{datum(e.requested_at)}</TableCell>
                <TableCell>{datum(e.effective_date)}</TableCell>
                <TableCell><Button size="small" onClick={() => setExit(e)} aria-label={`Exit van opdrachtgever ${e.client_id} bekijken`}>Bekijken</Button></TableCell>
              </TableRow>))}
            </TableBody>
          </Table>
        )}
        {list.next && <Button onClick={list.more}>Meer laden</Button>}
      </Section>
      {exit && (
        <Section title={`Exit van opdrachtgever ${exit.client_id}`}>
          <dl className="facts" data-testid="exit">
            <dt>Kenmerk</dt><dd>{exit.id}</dd><dt>Keuze</dt><dd>{CHOICE[exit.choice] || exit.choice}</dd>
            <dt>Status</dt><dd>{word(exit.status)}{exit.waiting_reason ? ` (${exit.waiting_reason})` : ""}</dd>
            <dt>Ingangsdatum</dt><dd>{datum(exit.effective_date)}</dd>
            <dt>Export</dt><dd>{exit.export ? `gemaakt ${datum(exit.export.built_at)}` : "nog niet gemaakt"}</dd>
            {exit.destroyed_at && <><dt>Vernietigd</dt><dd>{datum(exit.destroyed_at)}</dd></>}
          </dl>
          <Row>
            {can("exit_cancel") && exit.status === "notice_given" && <Button onClick={() => act.run(async () => show(await api<Exit>(`exits/${exit.id}/cancel`, { method: "POST", body: {} })))}>Intrekken</Button>}
            {can("exit_export") && <Button onClick={() => act.run(async () => {
              // The export is built ahead by the nightly run; the API hands out a short-lived storage link.
              const res = await raw(`exits/${exit.id}/export`);
              if (res.status === 202) {
                setExportNote("De export wordt voorbereid. Hij staat klaar na de volgende nachtelijke verwerking.");
                return;
              }
              setExportNote(null);
              followLink(((await res.json()) as { url: string }).url);
            })}>Export downloaden</Button>}
          </Row>
          {exportNote && <p role="status" data-testid="export-note">{exportNote}</p>}
        </Section>
      )}
      {can("exit_create") && (
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
      )}
      {can("viewer_accounts") && (
        <Section title="Kijkaccounts">
          {viewers.view((rows) => rows.length === 0 ? <p>Geen kijkaccounts.</p> : (
            <Table aria-label="Kijkaccounts" size="small" data-testid="kijkaccounts">
              <TableHeader><TableRow>
                <TableHeaderCell>Opdrachtgever</TableHeaderCell><TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Periode</TableHeaderCell><TableHeaderCell>Factuur</TableHeaderCell><TableHeaderCell>Verlengd tot</TableHeaderCell>
              </TableRow></TableHeader>
              <TableBody>{rows.map((v) => (
                <TableRow key={v.id}>
                  <TableCell>{v.client_id}</TableCell><TableCell>{word(v.status)}</TableCell>
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
