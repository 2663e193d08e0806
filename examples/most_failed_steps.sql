-- Most failed steps over the last 100 runs: which step of which job fails most often
WITH recent AS MATERIALIZED (SELECT id FROM runs ORDER BY created_at DESC LIMIT 100)
SELECT job_name AS job, name AS step, count(*) AS failures, count(DISTINCT run_id) AS runs
FROM steps
WHERE run_id IN (SELECT id FROM recent) AND conclusion = 'failure'
GROUP BY job_name, name ORDER BY failures DESC, job, step LIMIT 10;
