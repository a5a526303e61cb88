#!/usr/bin/env bash
# Installs the test servers that are missing, then runs every test of the solution.
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

# command -> Debian package. The tests start these themselves on loopback ports with temp dirs.
declare -A needed=(
  [mosquitto]=mosquitto
  [mosquitto_pub]=mosquitto-clients
  [influxd]=influxdb
  [chromium]=chromium
  [socat]=socat
  [gpsdecode]=gpsd-clients  # reference NMEA decoder for the nmea-replay tests
  [docker-compose]=docker-compose
  [pdftoppm]=poppler-utils  # renders the monthly PDF report to an image in the indicators tests
  [npm]=npm  # the dashboard's build runs `npm ci` for Leaflet (dashboard/Iot.Dashboard/package.json)
)
missing=()
for cmd in "${!needed[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("${needed[$cmd]}")
done
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)  # Debian's python3, not a pyenv one
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)  # the PDF reports' font

if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The deployment file must parse (no Docker engine needed); a placeholder stands for the hub's broker password.
HUB_MQTT_PASSWORD=validate-only docker-compose -f docker-compose.yml config -q

dotnet build Iot.Hub.sln -c Release -nologo -clp:ErrorsOnly
# Every NuGet and npm package we ship has an allowed licence, and THIRD-PARTY-NOTICES.md matches the restore graph.
python3 tools/third-party-notices.py --check
dotnet test Iot.Hub.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
