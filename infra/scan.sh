#!/usr/bin/env sh
# Security scan of the Bicep templates with checkov. Exits non-zero on any failed check.
# Skipped checks carry their reason inline (`// checkov:skip=CKV_...:reason`) in the Bicep.
#
# checkov lives in its own venv (.venv-checkov): its pins (packaging, pycep-parser,
# python-dateutil) would downgrade packages of the app's .venv. CHECKOV overrides the binary.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname -- "$here")
checkov=${CHECKOV:-"$root/.venv-checkov/bin/checkov"}

if [ ! -x "$checkov" ]; then
    echo "installing checkov into $root/.venv-checkov" >&2
    python3 -m venv "$root/.venv-checkov"
    "$root/.venv-checkov/bin/pip" install --quiet checkov
fi

# --skip-download: no calls to the vendor platform (CI has no network beyond the registries).
exec "$checkov" --directory "$here" --framework bicep --compact --quiet --skip-download
