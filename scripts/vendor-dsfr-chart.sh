#!/bin/sh
# Vendors the built files of the State design system's charts (@gouvfr/dsfr-chart) into
# labnet/www/static/vendor/dsfr-chart/, as Leaflet is vendored: nothing is built or
# fetched when LabNet runs (docs/adr/0040-picture-charts-vendored.md).
#
#   scripts/vendor-dsfr-chart.sh            # the pinned version below
#   DSFR_CHART_VERSION=2.0.5 scripts/vendor-dsfr-chart.sh   # to move to another one
#
# Needs npm (only here, never at run time). Repeatable: the same version gives the same
# files, checked against the registry's integrity hash by `npm pack`.
set -eu

VERSION="${DSFR_CHART_VERSION:-2.0.4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="$ROOT/labnet/www/static/vendor/dsfr-chart"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "@gouvfr/dsfr-chart@$VERSION" >/dev/null
tar xzf "gouvfr-dsfr-chart-$VERSION.tgz"

# The whole library in one ES module (every chart shares one Vue runtime) and its styles.
rm -rf "$TARGET"
mkdir -p "$TARGET"
cp package/dist/DSFRChart/DSFRChart.js package/dist/DSFRChart/DSFRChart.css "$TARGET/"
cp package/LICENSE "$TARGET/LICENSE"
sed -e "s/@VERSION@/$VERSION/g" "$ROOT/scripts/dsfr-chart-README.md.in" >"$TARGET/README.md"
(cd "$TARGET" && sha256sum DSFRChart.js DSFRChart.css >SHA256SUMS)
echo "dsfr-chart $VERSION vendored into $TARGET"
