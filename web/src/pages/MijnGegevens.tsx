import { useState } from "react";
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import { api } from "../api/client";
import { PageHeader, Section, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { datum } from "../labels";

interface MyData { email: string; note_nl: string; tables: Record<string, { count: number; truncated: boolean; rows: Record<string, unknown>[] }> }

export default function MijnGegevens() {
  const data = useLoad(() => api<MyData>("me/data"));
  const act = useAction();
  const [asked, setAsked] = useState<{ due_date: string } | null>(null);
  return (
    <>
      <PageHeader title="Mijn gegevens" />
      {data.view((d) => (
        <>
          <p>Dit zijn de gegevens die Incassotool over {d.email} bewaart. {d.note_nl}</p>
          {Object.keys(d.tables).length === 0 && <p>Er zijn geen gegevens over u gevonden.</p>}
          {Object.entries(d.tables).map(([table, t]) => {
            const cols = Object.keys(t.rows[0] || {}).filter((c) => c !== "_restricted");
            return (
              <Section key={table} title={`${table} (${t.count})`}>
                <Table aria-label={table} size="small">
                  <TableHeader><TableRow>{cols.map((c) => <TableHeaderCell key={c}>{c}</TableHeaderCell>)}</TableRow></TableHeader>
                  <TableBody>{t.rows.map((r, i) => (
                    <TableRow key={i}>{cols.map((c) => <TableCell key={c}>{r[c] === null || r[c] === undefined ? "—" : String(r[c])}</TableCell>)}</TableRow>
                  ))}</TableBody>
                </Table>
                {t.truncated && <p>Alleen de eerste rijen worden getoond.</p>}
              </Section>
            );
          })}
          <Section title="Wissing vragen">
            <p>U kunt vragen uw gegevens te wissen (art. 17 AVG). Gegevens die wij wettelijk moeten bewaren, blijven bewaard; u hoort welke en waarom.</p>
            <Button appearance="primary" disabled={act.busy || Boolean(asked)} onClick={() => act.run(async () => setAsked(await api("me/erasure", { method: "POST", body: {} })))}>
              Wissing aanvragen
            </Button>
            <ProblemBar error={act.error} />
            {asked && <p role="status">Uw verzoek is ontvangen. U krijgt uiterlijk {datum(asked.due_date)} antwoord.</p>}
          </Section>
        </>
      ))}
    </>
  );
}
