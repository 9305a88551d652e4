-- Warren store, version 8: one index less on sessions. Every relayed stream writes a session row, and each secondary
-- index is one more B-tree insert per row (docs/BENCHMARKS.md, "Stream setup"). No query filters or sorts sessions by
-- grant: revoking a grant ends its live sessions from the relay's memory, and the API lists sessions by device, user,
-- time or openness. Same portability rules as V1.
DROP INDEX sessions_grant_idx;
