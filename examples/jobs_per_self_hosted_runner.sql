-- Jobs per self-hosted runner and how long they queued for it (jobs joined to the organization's runners on the runner's name)
WITH recent AS MATERIALIZED (
  SELECT owner, repo, id FROM runs
  WHERE owner = 'octo-org' AND repo IN ('webapp', 'api-server') AND created_at >= '2026-09-01'
)
SELECT rn.name AS runner, rn.status, count(j.id) AS jobs,
       round(avg(j.queued_seconds)) AS avg_queue_s, round(percentile(j.queued_seconds, 90)) AS p90_queue_s,
       max(j.queued_seconds) AS max_queue_s
FROM recent r
JOIN jobs j ON j.owner = r.owner AND j.repo = r.repo AND j.run_id = r.id
JOIN runners rn ON rn.owner = 'octo-org' AND rn.name = j.runner_name
WHERE j.status <> 'queued'  -- a queued job shows started_at = created_at and no runner yet
GROUP BY rn.name, rn.status
ORDER BY jobs DESC, runner;
