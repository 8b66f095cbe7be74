import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import { api, page } from "../api/client";
import { PageHeader, Section, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { useConsole } from "../context";
import { aantal, datum } from "../labels";

interface Snapshot { id: string; taken_at: string; parts: number; rows: number; size_bytes: number; verified: { kind: string; at: string; ok: boolean } | null }

const KIND: Record<string, string> = { verify: "Controle van de checksums", drill: "Hersteloefening" };

export default function Backups() {
  const { can } = useConsole();
  const list = useLoad(async () => (await page<Snapshot>("backups")).items);
  const act = useAction();
  return (
    <>
      <PageHeader title="Back-ups" />
      <ProblemBar error={act.error} />
      {list.view((rows) => {
        const drills = rows.filter((r) => r.verified?.kind === "drill").sort((a, b) => b.verified!.at.localeCompare(a.verified!.at));
        return (
          <>
            <Section title="Laatste hersteloefening">
              {drills[0] ? (
                <p>{datum(drills[0].verified!.at)}: back-up van {datum(drills[0].taken_at)} {drills[0].verified!.ok ? "hersteld en gecontroleerd" : "NIET goed hersteld"}.</p>
              ) : <p>Nog geen hersteloefening vastgelegd bij de bewaarde back-ups. De oefening draait wekelijks (backup_restore_drill).</p>}
            </Section>
            <Section title="Snapshots">
              {rows.length === 0 ? <p>Nog geen back-ups.</p> : (
                <Table aria-label="Back-ups" size="small">
                  <TableHeader><TableRow>
                    <TableHeaderCell>Gemaakt</TableHeaderCell><TableHeaderCell>Rijen</TableHeaderCell><TableHeaderCell>Grootte</TableHeaderCell>
                    <TableHeaderCell>Laatste controle</TableHeaderCell><TableHeaderCell>Actie</TableHeaderCell>
                  </TableRow></TableHeader>
                  <TableBody>{rows.map((r) => (
                    <TableRow key={r.id}>
                      <TableCell>{datum(r.taken_at)}</TableCell><TableCell>{aantal(r.rows)}</TableCell>
                      <TableCell>{aantal(Math.round(r.size_bytes / 1024))} kB</TableCell>
                      <TableCell>{r.verified ? `${KIND[r.verified.kind] || r.verified.kind}, ${datum(r.verified.at)}: ${r.verified.ok ? "in orde" : "FOUT"}` : "—"}</TableCell>
                      <TableCell>{can("backup_verify") && <Button size="small" onClick={async () => { if (await act.run(() => api(`backups/${r.id}/verify`, { method: "POST", body: {} }))) list.reload(); }}>Controleren</Button>}</TableCell>
                    </TableRow>))}
                  </TableBody>
                </Table>
              )}
            </Section>
          </>
        );
      })}
    </>
  );
}
