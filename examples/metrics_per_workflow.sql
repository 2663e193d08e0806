-- Actions performance metrics per workflow, last 100 runs: average job run time, average queue time, job failure rate
-- (GitHub's Actions "Performance metrics" page, by workflow; jobs a runner took: a skipped job,
--  or one cancelled before it started, would count as 0 s)
WITH recent AS MATERIALIZED (SELECT id, name FROM runs ORDER BY created_at DESC LIMIT 100)
SELECT r.name AS workflow, count(*) AS jobs,
       round(avg(j.duration_seconds), 1) AS avg_run_s,
       round(avg(j.queued_seconds), 1) AS avg_queue_s,
       round(100.0 * avg(j.conclusion = 'failure'), 1) AS failure_pct
FROM recent r JOIN jobs j ON j.run_id = r.id
WHERE j.status = 'completed' AND j.runner_name IS NOT NULL
GROUP BY r.name ORDER BY jobs DESC;
