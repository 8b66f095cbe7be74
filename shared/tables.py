"""The table registry: imports every module that defines tables, so both metadata objects
(shared/db/metadata.py) are complete.

It sits at the top of shared/, above the areas, so the database adapter (shared/db/) knows no
area. A new area with tables adds its module here (migrations, backups and tests read the
metadata through this registry). The platform side is the reference schema, reached through the
data map like every other use of platform tables.
"""

import shared.audit
import shared.backups.tables
import shared.breaches.tables
import shared.complaints.tables
import shared.dpia.tables
import shared.dsar.tables
import shared.exits.tables
import shared.holds
import shared.instructions.log
import shared.jobs
import shared.ledger
import shared.letters
import shared.register.tables
import shared.restrictions
import shared.retention.tables
import shared.watch_marks  # noqa: F401
from shared.datamap.tables import reference_metadata

reference_metadata()  # the reference schema's tables on platform_metadata
