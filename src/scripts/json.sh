# shellcheck shell=bash
# Included by the connector scripts (see load.ts): reads the JSON the Connect REST API answers with bash and
# grep alone (the images have no jq; grep is there, the images' own entrypoints use it).
# json_scalars JSON: every scalar of the document as a "PATH<TAB>TOKEN" line, PATH the keys (without quotes) and
#   array indexes from the root (`/configs/3/value/errors/0`), TOKEN the scalar as written (a string keeps its
#   quotes and escapes, so equal tokens are equal values).
# json_text TOKEN: a string token as text on one line (escapes decoded, control characters as spaces).
# config_lines JSON: a connector's flat config as sorted "/KEY<TAB>TOKEN" lines, without the "name" Connect adds.

json_tokens() {
  printf '%s\n' "$1" | grep -oE '"([^"\\]|\\.)*"|[][{}:,]|[^][{}:,"[:space:]]+'
}
json_scalars() {
  local tok path='' kinds='' key='' expect='' i
  local -a idx=()
  while IFS= read -r tok; do
    case $tok in
      '{' | '[')
        if [ "${kinds: -1}" = a ]; then i=$((${#idx[@]} - 1)); key=${idx[i]}; idx[i]=$((key + 1)); fi
        [ -z "$kinds" ] || path+="/$key"
        key=''
        if [ "$tok" = '{' ]; then kinds+=o; expect=key; else kinds+=a; idx+=(0); fi
        ;;
      '}' | ']')
        [ "$tok" = '}' ] || unset "idx[$((${#idx[@]} - 1))]"
        kinds=${kinds%?}
        [ -z "$kinds" ] || path=${path%/*}
        ;;
      :) expect=value ;;
      ,) [ "${kinds: -1}" != o ] || expect=key ;;
      *)
        if [ "${kinds: -1}" = o ] && [ "$expect" = key ]; then
          key=${tok#\"}; key=${key%\"}
        else
          if [ "${kinds: -1}" = a ]; then i=$((${#idx[@]} - 1)); key=${idx[i]}; idx[i]=$((key + 1)); fi
          printf '%s/%s\t%s\n' "$path" "$key" "$tok"
        fi
        ;;
    esac
  done <<< "$(json_tokens "$1")"
}
json_text() {
  local s=${1#\"}
  s=${s%\"}
  s=${s//\\\"/\"}
  s=${s//\\\//\/}
  s=$(printf '%b' "$s")
  s=${s//[$'\n\r\t']/ }
  printf '%s\n' "$s"
}
config_lines() { json_scalars "$1" | grep -v $'^/name\t' | sort; }
