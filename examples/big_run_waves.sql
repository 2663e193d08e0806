-- A 230-job run: queue time in waves behind the concurrency limit
SELECT (queued_seconds / 60) AS queued_minutes, count(*) AS jobs,
       sum(conclusion = 'failure') AS failed
FROM jobs
WHERE owner = 'octo-org' AND repo = 'big-monorepo' AND run_id = 9453863731
GROUP BY queued_minutes
ORDER BY queued_minutes;
