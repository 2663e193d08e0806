-- Busiest self-hosted runners over the last 100 runs: jobs, busy minutes, longest wait for them
WITH recent AS MATERIALIZED (SELECT id FROM runs ORDER BY created_at DESC LIMIT 100)
SELECT runner_group_name AS runner_group, runner_name AS runner, count(*) AS jobs,
       round(sum(duration_seconds) / 60.0, 1) AS busy_min, max(queued_seconds) AS max_queue_s
FROM jobs
WHERE run_id IN (SELECT id FROM recent) AND runner_name IS NOT NULL
  AND EXISTS (SELECT 1 FROM json_each(jobs.labels) WHERE value = 'self-hosted')
GROUP BY runner_group_name, runner_name ORDER BY busy_min DESC;
