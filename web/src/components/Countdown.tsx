import { useEffect, useState } from "react";
import { Badge } from "@fluentui/react-components";
import { countdown } from "../deadline";

/** The live 72-hour countdown to the AP deadline given by the API. Updates each 30 s, quietly. */
export function Countdown({ dueAt }: { dueAt: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const c = countdown(dueAt, now);
  const hours = (Date.parse(dueAt) - now) / 3_600_000;
  const color = c.overdue ? "danger" : hours < 24 ? "warning" : "informative";
  return <Badge appearance="filled" color={color} aria-live="off">{c.overdue ? "Te laat: " : "AP-termijn: "}{c.text}</Badge>;
}
