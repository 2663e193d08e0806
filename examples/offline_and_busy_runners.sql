-- The organization's self-hosted runners that are offline or busy, and how busy their jobs kept them over the last 7 days
-- (the demo's week ends with its newest run; on a live organization use datetime('now'))
WITH runs_7d AS MATERIALIZED (
  SELECT owner, repo, id FROM runs
  WHERE owner = 'octo-org' AND repo IN ('webapp', 'api-server')
    AND created_at >= (SELECT datetime(max(created_at), '-7 days') FROM runs WHERE owner = 'octo-org' AND repo = 'webapp')
),
worked AS MATERIALIZED (
  SELECT j.runner_name, count(*) AS jobs, sum(j.duration_seconds) AS busy_seconds
  FROM runs_7d r JOIN jobs j ON j.owner = r.owner AND j.repo = r.repo AND j.run_id = r.id
  WHERE j.runner_name IS NOT NULL
  GROUP BY j.runner_name
)
SELECT rn.name, rn.status, rn.busy AS busy_now, rn.labels,
       coalesce(w.jobs, 0) AS jobs_7d,
       round(coalesce(w.busy_seconds, 0) / 3600.0, 1) AS busy_hours_7d
FROM runners rn LEFT JOIN worked w ON w.runner_name = rn.name
WHERE rn.owner = 'octo-org' AND (rn.status = 'offline' OR rn.busy = 1)
ORDER BY rn.status DESC, busy_hours_7d DESC, rn.name;
