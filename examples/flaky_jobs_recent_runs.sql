-- Flaky jobs across the last 100 runs: failed on one attempt, passed on a later attempt of the same run
WITH reruns AS MATERIALIZED (
  SELECT id FROM (SELECT id, run_attempt FROM runs ORDER BY created_at DESC LIMIT 100) WHERE run_attempt > 1
),
attempts AS MATERIALIZED (
  SELECT run_id, name, run_attempt, conclusion FROM jobs WHERE run_id IN (SELECT id FROM reruns)
)
SELECT f.name AS job, count(DISTINCT f.run_id) AS flaky_runs, group_concat(DISTINCT f.run_id) AS runs
FROM attempts f
JOIN attempts p ON p.run_id = f.run_id AND p.name = f.name AND p.run_attempt > f.run_attempt
WHERE f.conclusion = 'failure' AND p.conclusion = 'success'
GROUP BY f.name ORDER BY flaky_runs DESC, job;
