-- Job stats: per job of CI's last 30 runs, how often it ran, how it ended and how long it took
-- (gh workflow-stats' jobs view; the runs' jobs are read all at once through the IN). The
-- durations are those of the jobs a runner took: a skipped job, or one cancelled before it
-- started, took no time and would pull them toward 0 s
WITH recent AS MATERIALIZED (
  SELECT id FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI')
  ORDER BY created_at DESC LIMIT 30
)
SELECT name AS job, count(*) AS runs,
       round(100.0 * avg(conclusion = 'success'), 1) AS success_pct,
       round(100.0 * avg(conclusion = 'failure'), 1) AS failure_pct,
       round(100.0 * avg(conclusion = 'skipped'), 1) AS skipped_pct,
       round(avg(ran_s)) AS avg_s, median(ran_s) AS median_s, min(ran_s) AS min_s, max(ran_s) AS max_s
FROM (
  SELECT name, conclusion, CASE WHEN runner_name IS NOT NULL THEN duration_seconds END AS ran_s
  FROM jobs
  WHERE run_id IN (SELECT id FROM recent) AND status = 'completed'
)
GROUP BY name ORDER BY avg_s DESC;
