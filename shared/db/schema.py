"""Imports every module that defines tables, so both metadata objects are complete.

A new area with tables adds its module here (migrations and tests read the metadata).
"""

import shared.audit
import shared.backups.tables
import shared.breaches.tables
import shared.complaints.tables
import shared.dpia.tables
import shared.dsar.tables
import shared.exits.tables
import shared.holds
import shared.jobs
import shared.ledger
import shared.letters
import shared.platform.schema
import shared.register.tables
import shared.restrictions
import shared.retention.tables  # noqa: F401
