"""The DSAR vocabularies, defined once: request types, the status enum with its groups, who owns
the deadline, verification methods and refusal grounds."""

from __future__ import annotations

from enum import StrEnum

from shared.status import StatusGroups


class RequestType(StrEnum):
    ACCESS = "access"  # Art. 15
    RECTIFICATION = "rectification"  # Art. 16
    ERASURE = "erasure"  # Art. 17
    RESTRICTION = "restriction"  # Art. 18
    PORTABILITY = "portability"  # Art. 20
    OBJECTION = "objection"  # Art. 21


class Status(StrEnum):
    RECEIVED = "received"
    AWAITING_VERIFICATION = "awaiting_verification"
    AWAITING_CONTROLLER = "awaiting_controller"  # processor mode: the client decides on admissibility
    IN_PROGRESS = "in_progress"
    EXTENDED = "extended"
    COMPLETED = "completed"
    REJECTED = "rejected"
    CLOSED_UNVERIFIED = "closed_unverified"  # earlier versions closed unverified requests; nothing does now


DSAR_GROUPS = StatusGroups(
    Status,
    open={Status.RECEIVED, Status.AWAITING_VERIFICATION, Status.AWAITING_CONTROLLER, Status.IN_PROGRESS,
          Status.EXTENDED},
    closed={Status.COMPLETED, Status.REJECTED, Status.CLOSED_UNVERIFIED},
    # Work may start (complete) only once identity and admissibility are settled.
    workable={Status.IN_PROGRESS, Status.EXTENDED},
)


class DeadlineOwner(StrEnum):
    CONTROLLER = "controller"  # a client's debtor: the client's deadline (Art. 28(3)(e))
    INCASSOTOOL = "incassotool"  # Incassotool's own relations


class Verification(StrEnum):
    """Proportionate identity checks (Art. 12(6)); never a copy of an ID document."""

    PORTAL_VERIFIED_EMAIL = "portal_verified_email"  # signed in with a verified e-mail
    DOSSIER_NUMBER_POSTCODE = "dossier_number_postcode"  # checked against the platform
    EMAIL_ON_RECORD = "email_on_record"  # a confirmation mail to the address on record was answered
    PHONE_CALLBACK = "phone_callback"  # called back on the number on record
    CLIENT_CONFIRMED = "client_confirmed"  # the controller (client) confirmed the identity


# Methods that mean keeping a copy of an identity document or a BSN: refused, with the reason.
REFUSED_METHODS = {
    "id_copy", "copy_id", "passport_copy", "id_card_copy", "drivers_license_copy", "identity_document",
    "bsn",
}


class RejectGround(StrEnum):
    MANIFESTLY_UNFOUNDED = "manifestly_unfounded"  # Art. 12(5)
    EXCESSIVE = "excessive"  # Art. 12(5)
    CONTROLLER_DECISION = "controller_decision"  # processor mode: the client refused
    IDENTITY_NOT_ESTABLISHED = "identity_not_established"  # Art. 12(6): the identity could not be checked
    NO_ART17_GROUND = "no_art17_ground"  # erasure: none of the grounds of Art. 17(1) applies
    ART17_3_EXCEPTION = "art17_3_exception"  # erasure: a legal duty, legal claims (Art. 17(3)(b), (e))
    COMPELLING_GROUNDS = "compelling_grounds"  # objection: compelling legitimate grounds (Art. 21(1))
    RIGHTS_OF_OTHERS = "rights_of_others"  # access: the rights and freedoms of others (Art. 15(4))
    STATUTORY_LIMIT = "statutory_limit"  # Art. 23 AVG with art. 41 UAVG


class Art17Ground(StrEnum):
    """The ground of Art. 17(1) an erasure rests on, recorded with the certificate."""

    NO_LONGER_NECESSARY = "no_longer_necessary"  # (a)
    CONSENT_WITHDRAWN = "consent_withdrawn"  # (b)
    OBJECTION = "objection"  # (c)
    UNLAWFUL = "unlawful"  # (d)
    LEGAL_OBLIGATION = "legal_obligation"  # (e)
    CHILD = "child"  # (f)


class RestrictionGround(StrEnum):
    """Why the processing is restricted (Art. 18(1) GDPR), recorded with each restriction."""

    ACCURACY_DISPUTED = "accuracy_disputed"  # (a) while the accuracy is checked
    UNLAWFUL_KEPT = "unlawful_kept"  # (b) unlawful, but the subject prefers restriction to erasure
    NEEDED_FOR_CLAIMS = "needed_for_claims"  # (c) no longer needed by us, but by the subject for a legal claim
    OBJECTION_PENDING = "objection_pending"  # (d) while an objection (Art. 21(1)) is being decided


class MissingItem(StrEnum):
    """What a recorded doubt may ask for (Art. 12(6)): only facts we already hold, to compare with.
    Never a copy of an identity document (REFUSED_METHODS)."""

    DOSSIER_REFERENCE = "dossier_reference"  # the file number on our letters
    POSTCODE = "postcode"  # the postcode of the address on record
    INVOICE_REFERENCE = "invoice_reference"  # the number of an invoice the subject received
    REPLY_FROM_EMAIL_ON_RECORD = "reply_from_email_on_record"  # a reply from the address we hold
    PHONE_CALLBACK = "phone_callback"  # a call back on the number we hold


class ConsentChannel(StrEnum):
    """How a prospect gave (or withdrew) consent: part of the proof (Art. 7(1))."""

    WEB_FORM = "web_form"
    PHONE = "phone"
    EMAIL = "email"
    EVENT = "event"  # a fair or meeting, on a signed or scanned form
    LETTER = "letter"
    PORTAL = "portal"
    UNRECORDED = "unrecorded"  # a consent from before proofs were kept: only for those, never recorded anew
