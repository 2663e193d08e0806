-- Step stats: each step of the Ubuntu test job over CI's last 30 runs: runs, success rate, durations
WITH recent AS MATERIALIZED (
  SELECT id FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI')
  ORDER BY created_at DESC LIMIT 30
)
SELECT number, name AS step, count(*) AS runs,
       round(100.0 * avg(conclusion = 'success'), 1) AS success_pct,
       round(avg(duration_seconds), 1) AS avg_s, median(duration_seconds) AS median_s,
       min(duration_seconds) AS min_s, max(duration_seconds) AS max_s
FROM steps
WHERE run_id IN (SELECT id FROM recent) AND job_name = 'test (ubuntu-latest, 3.12)' AND status = 'completed'
GROUP BY number, name ORDER BY number;
