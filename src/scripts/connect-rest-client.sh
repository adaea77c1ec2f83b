# shellcheck shell=bash
# Included by the connector task scripts (see load.ts): a client of the Connect REST API over bash's /dev/tcp
# (the images need no curl). Environment: CONNECTOR_NAME, CONNECT_REST_ENDPOINTS (host:port, space-separated).
# call ATTEMPTS METHOD PATH BODY OK-STATUS...: retried 5 s apart while the API is down, rebalancing (409) or busy.

export LC_ALL=C
name="$CONNECTOR_NAME"
log() { printf '[connector %s] %s\n' "$name" "$*"; }
# request METHOD PATH [BODY]: the first endpoint of CONNECT_REST_ENDPOINTS that accepts the connection answers.
request() {
  local body="${3:-}" resp endpoint host port
  STATUS=000; BODY=
  for endpoint in $CONNECT_REST_ENDPOINTS; do
    host=${endpoint%:*}; port=${endpoint##*:}
    { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || continue
    printf '%s %s HTTP/1.0\r\nHost: %s\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
      "$1" "$2" "$host" "${#body}" "$body" >&3
    resp=$(cat <&3)
    exec 3<&-
    STATUS=$(printf '%s\n' "$resp" | head -n 1 | cut -d ' ' -f 2)
    BODY=${resp#*$'\r\n\r\n'}
    return 0
  done
  return 1
}
call() {
  local attempts=$1 method=$2 path=$3 body=$4 attempt=0 ok
  shift 4
  while [ "$attempt" -lt "$attempts" ]; do
    attempt=$((attempt + 1))
    request "$method" "$path" "$body"
    for ok in "$@"; do [ "$STATUS" = "$ok" ] && return 0; done
    case "$STATUS" in
      000|409|500|503) sleep 5 ;;
      *) log "$method $path answered $STATUS: $BODY"; return 1 ;;
    esac
  done
  log "$method $path: no success after $attempts attempts (last status $STATUS)"
  return 1
}
