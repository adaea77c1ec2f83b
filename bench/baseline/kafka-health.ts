// The brokers' health check, written out by hand for both baselines (the library builds it in src/model/kafka.ts).
/** The brokers' health check: an ApiVersions request (v0, correlation id 1) from bash, answered with error code 0. */
export const KAFKA_HEALTH =
  "exec 3<>/dev/tcp/127.0.0.1/9092 && printf '\\x00\\x00\\x00\\x0a\\x00\\x12\\x00\\x00\\x00\\x00\\x00\\x01\\xff\\xff' >&3 && answer=$(timeout 5 head -c 10 <&3 | od -An -tx1 | tr -d ' \\n') && [[ $answer == ????????000000010000 ]]";
