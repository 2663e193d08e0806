-- Which steps got slower: "Run tests" on Ubuntu, run after run on main (the last 40 CI runs there)
-- (one row per run: the step of the run's latest attempt, the one that passed; with every
--  attempt of a re-run, a run would count twice and sway the moving average)
WITH main_runs AS MATERIALIZED (
  SELECT id, run_attempt, created_at FROM runs
  WHERE workflow_id = (SELECT id FROM workflows WHERE name = 'CI') AND head_branch = 'main' AND conclusion = 'success'
  ORDER BY created_at DESC LIMIT 40
)
SELECT date(r.created_at) AS day, s.run_id, s.duration_seconds,
       round(avg(s.duration_seconds) OVER (ORDER BY r.created_at ROWS 4 PRECEDING), 1) AS moving_avg_s
FROM main_runs r JOIN steps s ON s.run_id = r.id AND s.run_attempt = r.run_attempt
WHERE s.job_name = 'test (ubuntu-latest, 3.12)' AND s.name = 'Run tests' AND s.conclusion = 'success'
ORDER BY r.created_at;
