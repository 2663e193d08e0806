-- Which steps got slower: "Run tests" on Ubuntu, run after run on main (the last 40 CI runs there)
WITH main_runs AS MATERIALIZED (
  SELECT id, created_at FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI') AND head_branch = 'main' AND conclusion = 'success'
  ORDER BY created_at DESC LIMIT 40
)
SELECT date(r.created_at) AS day, s.run_id, s.duration_seconds,
       round(avg(s.duration_seconds) OVER (ORDER BY r.created_at ROWS 4 PRECEDING), 1) AS moving_avg_s
FROM main_runs r JOIN steps s ON s.run_id = r.id
WHERE s.job_name = 'test (ubuntu-latest, 3.12)' AND s.name = 'Run tests' AND s.conclusion = 'success'
ORDER BY r.created_at;
