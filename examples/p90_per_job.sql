-- p90 duration per job name over CI's last 50 runs, beside the median and the worst
WITH recent AS MATERIALIZED (
  SELECT id FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI')
  ORDER BY created_at DESC LIMIT 50
)
SELECT name AS job, count(*) AS jobs, median(duration_seconds) AS median_s,
       round(percentile(duration_seconds, 90), 1) AS p90_s, max(duration_seconds) AS max_s
FROM jobs
WHERE run_id IN (SELECT id FROM recent) AND conclusion = 'success'
GROUP BY name ORDER BY p90_s DESC;
