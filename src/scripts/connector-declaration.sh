# shellcheck shell=bash
# A connector's declaration where the target has no name to look up (Docker): it runs beside the connector's
# sentinel as long as the connector is declared, and only the connector's removal or destroy removes it, just
# before the sentinel. It writes a new value to DECLARATION_BEAT (a file on a volume the sentinel also mounts)
# every second; a stopped sentinel takes a beat that stopped as the connector's removal, and any other stop (a
# container stopped or restarted) as no removal. Healthy once the first beat is written.

set -u
trap 'exit 0' TERM INT
beat=0
while :; do
  beat=$((beat + 1))
  printf '%s\n' "$beat" >"$DECLARATION_BEAT"
  sleep 1 &
  wait $!
done
