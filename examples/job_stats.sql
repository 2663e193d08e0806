-- Job stats: per job of CI's last 30 runs, how often it ran, how it ended and how long it took
-- (gh workflow-stats' jobs view; the runs' jobs are read all at once through the IN)
WITH recent AS MATERIALIZED (
  SELECT id FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI')
  ORDER BY created_at DESC LIMIT 30
)
SELECT name AS job, count(*) AS runs,
       round(100.0 * avg(conclusion = 'success'), 1) AS success_pct,
       round(100.0 * avg(conclusion = 'failure'), 1) AS failure_pct,
       round(100.0 * avg(conclusion = 'skipped'), 1) AS skipped_pct,
       round(avg(duration_seconds)) AS avg_s, median(duration_seconds) AS median_s,
       min(duration_seconds) AS min_s, max(duration_seconds) AS max_s
FROM jobs
WHERE run_id IN (SELECT id FROM recent) AND status = 'completed'
GROUP BY name ORDER BY avg_s DESC;
