-- Actions performance metrics per job, last 100 runs: average run time, average queue time, failure rate
-- (jobs a runner took: a skipped job, or one cancelled before it started, would count as 0 s)
WITH recent AS MATERIALIZED (SELECT id FROM runs ORDER BY created_at DESC LIMIT 100)
SELECT workflow_name AS workflow, name AS job, count(*) AS jobs,
       round(avg(duration_seconds), 1) AS avg_run_s,
       round(avg(queued_seconds), 1) AS avg_queue_s,
       round(100.0 * avg(conclusion = 'failure'), 1) AS failure_pct
FROM jobs
WHERE run_id IN (SELECT id FROM recent) AND status = 'completed' AND runner_name IS NOT NULL
GROUP BY workflow_name, name ORDER BY avg_run_s DESC;
