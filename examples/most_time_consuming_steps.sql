-- Most time-consuming steps over CI's last 30 runs: where the minutes go, in total and per run
-- (a skipped step did not run: it would count as 0 s)
WITH recent AS MATERIALIZED (
  SELECT id FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI')
  ORDER BY created_at DESC LIMIT 30
)
SELECT name AS step, count(*) AS runs, round(sum(duration_seconds) / 60.0, 1) AS total_min,
       round(avg(duration_seconds), 1) AS avg_s
FROM steps
WHERE run_id IN (SELECT id FROM recent) AND status = 'completed' AND conclusion <> 'skipped'
GROUP BY name ORDER BY total_min DESC LIMIT 10;
