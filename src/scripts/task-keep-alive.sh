# shellcheck shell=bash
# Included by the task scripts (see load.ts): how a task ends.
# finish: done. A task whose target gates on its health instead of its exit (Docker sets TASK_KEEP_ALIVE=1,
# TASK_KEEP_ALIVE_ENV in model/tasks.ts) marks itself done in /tmp/task-done (TASK_DONE_FILE, which the health
# check tests) and stays up until it is stopped.
# stop: the handler of TERM and INT while it waits.

finish() {
  if [ "${TASK_KEEP_ALIVE:-0}" = 1 ]; then
    touch /tmp/task-done
    sleep infinity & sleeper=$!
    wait "$sleeper"
  fi
  exit 0
}
stop() { [ -z "${sleeper:-}" ] || kill "$sleeper" 2>/dev/null; exit 0; }
