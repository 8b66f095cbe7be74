import { useState } from "react";
import { Button } from "@fluentui/react-components";
import { share, statistics } from "../api/statistics";
import { PageHeader, Section, useLoad } from "../components/ui";
import { aantal, nl } from "../labels";
import { Charts, YearPicker } from "./Overzicht";

/** The FG's yearly report, from the same figures as Overzicht; printable (the browser's print to PDF). */
export default function Jaarverslag() {
  const [year, setYear] = useState(new Date().getFullYear() - (new Date().getMonth() < 2 ? 1 : 0));
  const stats = useLoad(() => statistics(year), [year]);
  return (
    <>
      <PageHeader title={`Jaarverslag van de FG over ${year}`}>
        <YearPicker year={year} onChange={setYear} />{" "}
        <Button appearance="primary" className="no-print" onClick={() => window.print()}>Afdrukken</Button>
      </PageHeader>
      {stats.view((s) => {
        const breaches = s.breaches.reduce((n, b) => n + b.count, 0);
        const notified = s.breaches.filter((b) => b.authority_notified).reduce((n, b) => n + b.count, 0);
        return (
          <article>
            <Section title="Verzoeken van betrokkenen">
              <p>
                In {year} kwamen {aantal(s.requests.received)} verzoeken binnen; {aantal(s.requests.closed)} zijn afgehandeld,
                waarvan {share(s.requests.on_time, s.requests.on_time + s.requests.late)} binnen de termijn van art. 12 lid 3 AVG.
                Aan het eind van de periode stonden er {aantal(s.requests.open)} open.
              </p>
            </Section>
            <Section title="Datalekken">
              <p>{aantal(breaches)} datalekken geregistreerd (art. 33 lid 5 AVG), waarvan {aantal(notified)} gemeld bij de Autoriteit Persoonsgegevens.</p>
              <ul>{s.breaches.map((b, i) => <li key={i}>{b.severity ? `Ernst ${nl(b.severity).toLowerCase()}` : "Niet beoordeeld"}, {b.authority_notified ? "gemeld" : "niet gemeld"}: {b.count}</li>)}</ul>
            </Section>
            <Section title="Bewaartermijnen">
              <p>De bewaarrondes verwijderden of anonimiseerden {aantal(s.sweep_removals.reduce((n, r) => n + r.rows, 0))} rijen.</p>
            </Section>
            <Section title="DPIA's en klachten">
              <p>
                {aantal(s.dpias.total)} DPIA's in het register, {aantal(s.dpias.required)} verplicht, {aantal(s.dpias.completed)} afgerond,
                {" "}{aantal(s.dpias.prior_consultation)} met voorafgaande raadpleging van de AP (art. 36). {aantal(s.complaints.received)} klachten
                ontvangen, {aantal(s.complaints.closed)} afgehandeld; bij {aantal(s.complaints.ap_involved)} was de AP betrokken.
              </p>
            </Section>
            <Charts s={s} />
          </article>
        );
      })}
    </>
  );
}
