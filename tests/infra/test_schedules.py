"""Timer schedules have one source, shared/timers.py: the sample settings, the Bicep defaults and
the deployment guide carry the same values (the backup schedules stay without a Bicep default)."""

import re

from shared.timers import DEFAULT_SCHEDULES, schedule_setting
from tests.support.azurite import ROOT
from tests.support.http import sample_settings

CONFIDENTIAL = {"backup_snapshot", "backup_restore_drill"}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest) + "Schedule"


def test_schedule_defaults_agree_everywhere():
    bicep = (ROOT / "infra/main.bicep").read_text()
    guide = (ROOT / "docs/deploy.md").read_text()
    sample = sample_settings()
    for name, schedule in DEFAULT_SCHEDULES.items():
        assert sample[schedule_setting(name)] == schedule, name
        declared = re.search(rf"^param {camel(name)} string(?: = '([^']*)')?$", bicep, re.M)
        assert declared, f"{camel(name)} is not a Bicep parameter"
        assert f"{schedule_setting(name)}: {camel(name)}" in bicep
        if name in CONFIDENTIAL:
            assert declared.group(1) is None, f"{name}: the backup schedule is confidential, no default"
            continue
        assert declared.group(1) == schedule, name
        assert f"| `{schedule_setting(name)}` | `{camel(name)}` | `{schedule}` |" in guide, name
