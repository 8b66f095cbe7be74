"""Rows of debtors and their dossiers: letters, payments, contact registrations and document
metadata (no blobs)."""

from __future__ import annotations

from collections.abc import Generator as Gen
from datetime import date, timedelta
from typing import Any

from devtools.demo_data.generator import Generator, Rows
from devtools.demo_data.vocabulary import (
    BUSINESS_ROLES,
    CONTACT_SUMMARIES,
    DOC_NAMES,
    KNOWN_EMAILS,
    LETTER_BODIES,
    NOTES,
    euro,
    money,
    wik_costs,
)
from shared.datamap.model import SubjectCategory


def pick_client(gen: Generator) -> int:
    return gen.rng.choices(range(1, gen.n_clients + 1), cum_weights=gen.client_cum_weights)[0]


def open_date(gen: Generator, cid: int) -> date:
    rng = gen.rng
    start, end = gen.client_window[cid]
    lo = max(start, gen.days_ago(9 * 365))
    hi = end or gen.days_ago(1)
    u = rng.random()
    if u < 0.55:
        d = gen.days_ago(rng.randint(1, 730))
    elif u < 0.85:
        d = gen.days_ago(rng.randint(731, 7 * 365))
    else:
        d = gen.days_ago(rng.randint(7 * 365 + 1, 9 * 365))
    return d if lo <= d <= hi else gen.between(lo, hi)


def debtor_rows(gen: Generator) -> Rows:
    rng = gen.rng
    old_sample = False
    for n in range(1, gen.n_debtors + 1):
        did = gen.next_id("debtors")
        cid = n if n <= 2 else pick_client(gen)  # the demo debtor: at clients 1 and 2
        business = n > 2 and rng.random() < 0.25
        if business:
            name = gen.company()
            email = (
                f"{rng.choice(BUSINESS_ROLES)}@{gen.company_slug(name)}-{gen.next_serial()}.example"
                if rng.random() < 0.9
                else None
            )
            birth = None
        else:
            name, first, last = gen.person()
            email = gen.consumer_email(first, last) if rng.random() < 0.9 else None
            birth = gen.days_ago(rng.randint(18 * 365 + 5, 85 * 365))
        if n <= 2:
            name, email = "Jan de Demo", KNOWN_EMAILS["debtor"]
            gen.samples.append({"email": email, "client_id": cid, "category": SubjectCategory.DEBTOR.value})
        street, postcode, city = gen.address()
        iban = gen.fake.iban()
        k = 2 if n <= 2 else rng.choices((0, 1, 2, 3, 4), (3, 58, 29, 8, 2))[0]
        opened = sorted(open_date(gen, cid) for _ in range(k))
        created = opened[0] if opened else open_date(gen, cid)
        yield (
            "debtors",
            {
                "id": did,
                "client_id": cid,
                "kind": "business" if business else "consumer",
                "name": name,
                "email": email,
                "phone": gen.phone() if rng.random() < 0.85 else None,
                "street": street,
                "postcode": postcode,
                "city": city,
                "birth_date": birth,
                "iban": iban,
                "created_at": gen.at(created),
            },
        )
        all_old = bool(opened)
        for day in opened:
            closed_on = yield from dossier_rows(gen, did, cid, name, business, email is not None, iban, day)
            all_old = all_old and closed_on is not None and (gen.today - closed_on).days > 2 * 365
        if all_old and not old_sample and email and n > 2:
            old_sample = True  # a debtor whose files are all closed for more than 2 years
            gen.samples.append({"email": email, "client_id": cid, "category": SubjectCategory.DEBTOR.value})


def claim_facts(xid: int, status: str, opened: date, today: date) -> dict[str, date | None]:
    """Some older open files carry an acknowledgement, proceedings or a judgment (the limitation
    facts, BW 3:316-3:324). Chosen by the file's id, not drawn: the other rows' draws stay the same."""
    facts: dict[str, date | None] = {"acknowledged_on": None, "proceedings_started_on": None,
                                     "proceedings_ended_on": None, "judgment_on": None}
    if status != "open" or (today - opened).days <= 400:
        return facts
    if xid % 3 == 1:
        facts["acknowledged_on"] = opened + timedelta(days=90)
    elif xid % 3 == 0:  # in court since; every other one decided by a judgment
        facts["proceedings_started_on"] = opened + timedelta(days=200)
        if xid % 6 == 0:
            facts["judgment_on"] = facts["proceedings_ended_on"] = opened + timedelta(days=350)
    return facts


def dossier_rows(
    gen: Generator, did: int, cid: int, name: str, business: bool, has_email: bool, iban: str, opened: date
) -> Gen[tuple[str, dict[str, Any]], None, date | None]:
    """One dossier and its letters, payments, contacts and documents; returns its closed_on."""
    rng = gen.rng
    today = gen.today
    client_end = gen.client_window[cid][1]
    xid = gen.next_id("dossiers")
    ref = f"D{opened.year}-{xid:06d}"
    age = (today - opened).days
    median = 150_000 if business else 25_000
    principal = max(1_500, min(int(rng.lognormvariate(0, 0.9) * median), 5_000_000))

    if client_end is not None:
        status = rng.choices(("paid", "closed", "written_off"), (55, 25, 20))[0]
    else:
        p_open = 0.9 if age < 60 else 0.45 if age < 365 else 0.12
        status = (
            "open" if rng.random() < p_open else rng.choices(("paid", "closed", "written_off"), (55, 25, 20))[0]
        )
    closed_on: date | None = None
    if status != "open":
        closed_on = opened + timedelta(days=rng.randint(14, 540))
        cap = min(client_end or today, today)
        if closed_on > cap:
            closed_on = max(opened, cap)
    end = closed_on or today

    # letters: the collection track while the file is open
    letters: list[tuple[str, date]] = []
    day = opened + timedelta(days=rng.randint(1, 5))
    kind = "reminder" if business else "fourteen_day"
    arrangement: date | None = None
    while day <= end and len(letters) < 5:
        letters.append((kind, day))
        if kind == "arrangement":
            arrangement = day
        day += timedelta(days=rng.randint(14, 45))
        u = rng.random()
        if arrangement is None and u < 0.3:
            kind = "arrangement"
        elif len(letters) >= 2 and u < 0.55:
            kind = "summons"
        else:
            kind = "reminder"
        if rng.random() < 0.25:
            break
    if status == "open" and age > 400 and rng.random() < 0.5:  # a yearly reminder stops limitation
        lo = max(gen.days_ago(360), (letters[-1][1] if letters else opened) + timedelta(days=1))
        if lo <= gen.days_ago(1):
            letters.append(("reminder", gen.between(lo, gen.days_ago(1))))
    reminders = [d for k, d in letters if k != "arrangement"]
    costs = wik_costs(principal) if letters and not business else principal // 10
    total = principal + (costs if len(letters) > 1 else 0)
    monthly = max(2_500, (total // rng.randint(3, 12)) // 500 * 500)
    texts = {
        "name": name,
        "ref": ref,
        "amount": euro(total),
        "costs": euro(costs),
        "principal": euro(principal),
        "monthly": euro(monthly),
        "client": gen.client_name[cid],
    }
    notes = None
    if rng.random() < 0.3:
        notes = rng.choice(NOTES).format(
            monthly=texts["monthly"], date=(opened + timedelta(days=30)).strftime("%d-%m-%Y")
        )
    yield (
        "dossiers",
        {
            "id": xid,
            "client_id": cid,
            "debtor_id": did,
            "reference": ref,
            "status": status,
            "principal_amount": money(principal),
            "invoice_due_date": opened - timedelta(days=rng.randint(30, 120)),
            "opened_on": opened,
            "closed_on": closed_on,
            "last_reminder_on": max(reminders) if reminders else None,
            "notes": notes,
            **claim_facts(xid, status, opened, today),
        },
    )
    for kind, sent in letters:
        yield (
            "letters",
            {
                "id": gen.next_id("letters"),
                "dossier_id": xid,
                "kind": kind,
                "sent_on": sent,
                "channel": "email" if has_email and rng.random() < 0.4 else "post",
                "addressee": name,
                "body": LETTER_BODIES[kind].format(**texts),
            },
        )

    # payments
    payer_name = name
    if rng.random() < 0.05:
        payer_name = gen.person()[0]  # a relative pays
    pays: list[tuple[int, date]] = []
    if status == "paid":
        assert closed_on is not None
        if arrangement is not None and arrangement < closed_on:
            n = max(1, min(12, (closed_on - arrangement).days // 30))
            part = total // n
            for i in range(n):
                pays.append(
                    (part if i < n - 1 else total - part * (n - 1), closed_on - timedelta(days=30 * (n - 1 - i)))
                )
        else:
            pays.append((total, closed_on))
    elif status == "open" and arrangement is not None:
        day, paid = arrangement + timedelta(days=14), 0
        while day < today and paid + monthly < total and len(pays) < 12:
            pays.append((monthly, day))
            paid += monthly
            day += timedelta(days=30)
    elif status in ("closed", "written_off") and rng.random() < 0.3:
        assert closed_on is not None
        pays.append((max(500, total * rng.randint(10, 60) // 100 // 100 * 100), gen.between(opened, closed_on)))
    for cents, paid_on in pays:
        yield (
            "payments",
            {
                "id": gen.next_id("payments"),
                "dossier_id": xid,
                "amount": money(cents),
                "paid_on": max(paid_on, opened),
                "payer_iban": iban if payer_name == name else gen.fake.iban(),
                "payer_name": payer_name,
            },
        )

    # contact registrations
    for _ in range(rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]):
        kind = rng.choices(("call", "email", "letter"), (50, 35, 15))[0]
        direction = "out" if rng.random() < 0.55 else "in"
        when = gen.between(opened, end)
        summary = rng.choice(CONTACT_SUMMARIES[(kind, direction)]).format(
            amount=texts["amount"],
            monthly=texts["monthly"],
            date=(when + timedelta(days=rng.randint(3, 21))).strftime("%d-%m-%Y"),
        )
        staff_id = (
            None
            if kind == "letter" and direction == "in"
            else (gen.staff_on(when) if rng.random() < 0.8 else None)
        )
        yield (
            "contact_registrations",
            {
                "id": gen.next_id("contact_registrations"),
                "dossier_id": xid,
                "kind": kind,
                "direction": direction,
                "occurred_at": gen.at(when),
                "summary": summary,
                "staff_id": staff_id,
            },
        )

    # documents (metadata only; no blobs)
    for i in range(rng.choices((0, 1, 2), (25, 50, 25))[0]):
        filename = (
            f"factuur-{rng.randint(2_000, 99_999)}.pdf"
            if i == 0
            else rng.choice(DOC_NAMES).format(ref=ref.lower())
        )
        doc_id = gen.next_id("documents")
        yield (
            "documents",
            {
                "id": doc_id,
                "dossier_id": xid,
                "filename": filename,
                "content_type": "application/pdf",
                "blob_path": f"documents/{cid}/{xid}/{gen.uuid()}.pdf",
                "size_bytes": rng.randint(18_000, 2_400_000),
                "created_at": gen.at(opened if i == 0 else gen.between(opened, end)),
            },
        )
    return closed_on

