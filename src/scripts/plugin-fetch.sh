# shellcheck shell=sh
# Appended to plugin-install.sh where the script downloads the artifacts itself (the Kubernetes init
# container, whose image has curl); the Docker build ADDs them and needs no curl.

# fetch URL FILE SHA512: https only, also after redirects
fetch() {
  mkdir -p "$(dirname "$2")"
  curl -q -fsSL --proto '=https' --proto-redir '=https' --retry 3 --connect-timeout 30 -o "$2" "$1"
  verify "$2" "$3"
}
