import { countdown, daysBetween, light } from "./deadline";

const req = { target_date: "2026-12-20", due_date: "2027-01-02", extended_due_date: null, status_group: "open" };

describe("traffic lights from the API's dates", () => {
  it("is green until the target date", () => {
    expect(light(req, "2026-12-10")).toEqual({ light: "groen", days: 23, text: "Nog 23 dagen" });
    expect(light(req, "2026-12-20").light).toBe("groen");
  });
  it("is orange between the target and the due date", () => {
    expect(light(req, "2026-12-21")).toMatchObject({ light: "oranje", days: 12 });
    expect(light(req, "2027-01-02").text).toBe("Streefdatum voorbij, nog 0 dagen");
  });
  it("is red after the due date, and the extended date counts once given", () => {
    expect(light(req, "2027-01-03")).toMatchObject({ light: "rood", text: "1 dag te laat" });
    expect(light({ ...req, extended_due_date: "2027-03-02" }, "2027-01-03").light).toBe("oranje");
  });
  it("is grey once closed", () => {
    expect(light({ ...req, status_group: "closed" }, "2027-05-01").light).toBe("grijs");
  });
  it("counts calendar days across the change to winter time", () => {
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
  });
});

describe("the 72-hour countdown", () => {
  const due = "2026-12-05T07:00:00+00:00";
  it("says how long is left", () => {
    expect(countdown(due, Date.parse("2026-12-04T05:30:00Z"))).toEqual({ overdue: false, text: "nog 25 u 30 min" });
  });
  it("says how late it is", () => {
    expect(countdown(due, Date.parse("2026-12-05T09:05:00Z"))).toEqual({ overdue: true, text: "2 u 05 min te laat" });
  });
});
