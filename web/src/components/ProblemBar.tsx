import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { ApiError } from "../api/client";

/** An error of the API (problem+json) or the network, said in plain words. */
export function ProblemBar({ error }: { error: unknown }) {
  if (!error) return null;
  let title = "Er ging iets mis";
  let detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    title = { 401: "Niet aangemeld", 403: "Geen toegang", 404: "Niet gevonden", 409: "Kan nu niet", 422: "Onjuiste invoer", 503: "Dienst niet bereikbaar" }[error.status] || `Fout ${error.status}`;
    const fields = (error.problem.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
    detail = [error.problem.detail, fields].filter(Boolean).join(" — ");
  }
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail}
      </MessageBarBody>
    </MessageBar>
  );
}
