-- Step stats: each step of the Ubuntu test job over CI's last 30 runs: runs, success rate, durations
-- (the durations are those of the steps that ran: a step skipped after a failure would count as 0 s)
WITH recent AS MATERIALIZED (
  SELECT id FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI')
  ORDER BY created_at DESC LIMIT 30
)
SELECT number, name AS step, count(*) AS runs,
       round(100.0 * avg(conclusion = 'success'), 1) AS success_pct,
       round(avg(ran_s), 1) AS avg_s, median(ran_s) AS median_s, min(ran_s) AS min_s, max(ran_s) AS max_s
FROM (
  SELECT number, name, conclusion, CASE WHEN conclusion <> 'skipped' THEN duration_seconds END AS ran_s
  FROM steps
  WHERE run_id IN (SELECT id FROM recent) AND job_name = 'test (ubuntu-latest, 3.12)' AND status = 'completed'
)
GROUP BY number, name ORDER BY number;
