# shellcheck shell=bash source-path=SCRIPTDIR
# The levels file's holder (Docker): writes a component's levels (LOGGER_LEVELS) into the volume its nodes read them
# from at start (LOGGER_LEVELS_FILE), before they start, and stays up, which keeps that in-memory volume. A change of
# levels replaces this container and no node. Environment: LOGGER_LEVELS, LOGGER_LEVELS_FILE, TASK_KEEP_ALIVE=1.

set -u
log() { printf '[logger levels] %s\n' "$*"; }
. ./task-keep-alive.sh
trap stop TERM INT

printf '%s' "$LOGGER_LEVELS" >"$LOGGER_LEVELS_FILE.new"
mv -f "$LOGGER_LEVELS_FILE.new" "$LOGGER_LEVELS_FILE"
log "levels written to $LOGGER_LEVELS_FILE for the nodes' start"
finish
