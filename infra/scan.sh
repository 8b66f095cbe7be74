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
# Pinned: a newer checkov brings new checks, which should arrive by a reviewed change, not by CI.
version=3.3.30

if [ ! -x "$checkov" ]; then
    echo "installing checkov into $root/.venv-checkov" >&2
    python3 -m venv "$root/.venv-checkov"
    "$root/.venv-checkov/bin/pip" install --quiet "checkov==$version"
    checkov="$root/.venv-checkov/bin/checkov"
fi

# --skip-download: no calls to the vendor platform (CI has no network beyond the registries).
status=0
out=$("$checkov" --directory "$here" --framework bicep --compact --quiet --skip-download) || status=$?
printf '%s\n' "$out"
# checkov skips a template it cannot parse and still exits 0: treat that as a failure too.
case "$out" in *"Parsing errors"*) echo "scan.sh: checkov could not parse every template" >&2; exit 1 ;; esac
case "$out" in *"Passed checks"*) ;; *) echo "scan.sh: checkov scanned no template" >&2; exit 1 ;; esac
exit "$status"
