# shellcheck shell=bash
# Included by the connector task scripts (see load.ts): a client of the Connect REST API, over bash's /dev/tcp, or
# over HTTPS with the images' curl. Environment: CONNECTOR_NAME, CONNECT_REST_ENDPOINTS (host:port, space-separated);
# for HTTPS (connect.restTls) CONNECT_REST_SCHEME=https and the PEM files CONNECT_REST_CA_FILE (trusted),
# CONNECT_REST_CERT_FILE and CONNECT_REST_KEY_FILE (presented: the API may require a client certificate).
# call ATTEMPTS METHOD PATH BODY OK-STATUS...: retried 5 s apart while the API is down, rebalancing (409) or busy.

export LC_ALL=C
name="$CONNECTOR_NAME"
log() { printf '[connector %s] %s\n' "$name" "$*"; }
# request METHOD PATH [BODY]: the first endpoint of CONNECT_REST_ENDPOINTS that accepts the connection answers.
request() {
  local body="${3:-}" resp endpoint host port
  STATUS=000; BODY=
  if [ "${CONNECT_REST_SCHEME:-http}" = https ]; then https_request "$1" "$2" "$body"; return; fi
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
# https_request METHOD PATH BODY: as request, with curl. An endpoint that cannot be resolved, reached or that does not
# answer in time is skipped; a TLS failure (a certificate refused either way) is an answer: STATUS 000, BODY curl's error.
https_request() {
  local endpoint out code data=() errors=/tmp/connect-rest-client.err
  case "$1" in POST | PUT) data=(--data-binary @-) ;; esac
  for endpoint in $CONNECT_REST_ENDPOINTS; do
    code=0
    out=$(printf '%s' "$3" | curl --silent --show-error --max-time 120 --cacert "$CONNECT_REST_CA_FILE" \
      --cert "$CONNECT_REST_CERT_FILE" --key "$CONNECT_REST_KEY_FILE" -X "$1" -H 'Accept: application/json' \
      -H 'Content-Type: application/json' "${data[@]}" --write-out '\n%{http_code}' "https://$endpoint$2" 2>"$errors") || code=$?
    case "$code" in
      0) STATUS=${out##*$'\n'}; BODY=${out%$'\n'*}; return 0 ;;
      6 | 7 | 28) continue ;;
      *) STATUS=000; BODY="$(tr -d '\r' <"$errors" | head -n 1)"; return 0 ;;
    esac
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
  log "$method $path: no success after $attempts attempts (last status $STATUS${BODY:+: $BODY})"
  return 1
}
