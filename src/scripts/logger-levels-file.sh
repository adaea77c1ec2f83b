# shellcheck shell=bash
# Included by the loggers tasks (see load.ts). write_levels_file: where the target reads the levels file the task
# writes (LOGGER_LEVELS_FILE set: Docker's volume), replaces it with LOGGER_LEVELS, so that a node that starts later
# reads these levels. Needs log().

write_levels_file() {
  [ -n "${LOGGER_LEVELS_FILE:-}" ] || return 0
  printf '%s' "$LOGGER_LEVELS" >"$LOGGER_LEVELS_FILE.new"
  mv -f "$LOGGER_LEVELS_FILE.new" "$LOGGER_LEVELS_FILE"
  log "levels written to $LOGGER_LEVELS_FILE for the next start"
}
