// Dutch words for the API's codes, for display only. A code without a word is shown as it is.
const WORDS: Record<string, string> = {
  // request types
  access: "Inzage", rectification: "Rectificatie", erasure: "Wissing", restriction: "Beperking",
  portability: "Overdraagbaarheid", objection: "Bezwaar",
  // request statuses
  received: "Ontvangen", awaiting_verification: "Wacht op identiteitscontrole",
  awaiting_controller: "Wacht op besluit opdrachtgever", in_progress: "In behandeling", extended: "Verlengd",
  completed: "Afgehandeld", rejected: "Afgewezen", closed_unverified: "Gesloten (niet geverifieerd)",
  // deadline owners
  controller: "Opdrachtgever (verwerkingsverantwoordelijke)", incassotool: "Incassotool",
  // breach severity, status and outcome
  low: "Laag", medium: "Gemiddeld", high: "Hoog", very_high: "Zeer hoog",
  reported: "Gemeld", assessed: "Beoordeeld", decided: "Besluit genomen",
  register_only: "alleen registreren", notify_authority: "melden aan de AP",
  notify_authority_and_subjects: "melden aan de AP en betrokkenen informeren",
  // channels
  portal: "Portaal", email: "E-mail", letter: "Brief", phone: "Telefoon", in_person: "Persoonlijk", client: "Via opdrachtgever",
  // targets of notifications
  authority: "Autoriteit Persoonsgegevens", subjects: "Betrokkenen", clients: "Opdrachtgevers", public: "Openbaar",
  delete: "Verwijderen", anonymise: "Anonimiseren",
  open: "Open", closed: "Gesloten",
};

export function nl(code: string | null | undefined): string {
  if (code === null || code === undefined || code === "") return "—";
  return WORDS[code] ?? code.replace(/_/g, " ");
}

const dateFmt = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/Amsterdam" });
const timeFmt = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });

/** A date (YYYY-MM-DD) or timestamp, in Dutch. */
export function datum(value: string | null | undefined): string {
  if (!value) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number);
    return dateFmt.format(new Date(Date.UTC(y, m - 1, d, 12)));
  }
  return timeFmt.format(new Date(value));
}

export function aantal(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : new Intl.NumberFormat("nl-NL").format(n);
}
