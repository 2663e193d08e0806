-- Actions performance metrics per month: jobs, average run and queue time, failure rate
-- (over the three months up to the newest run: the subquery reads one page; jobs a runner took:
--  a skipped job, or one cancelled before it started, would count as 0 s)
WITH since AS (SELECT date(created_at, 'start of month', '-2 months') AS day FROM runs ORDER BY created_at DESC LIMIT 1)
SELECT strftime('%Y-%m', j.created_at) AS month, count(*) AS jobs,
       round(avg(j.duration_seconds), 1) AS avg_run_s,
       round(avg(j.queued_seconds), 1) AS avg_queue_s,
       round(100.0 * avg(j.conclusion = 'failure'), 1) AS failure_pct
FROM runs r JOIN jobs j ON j.run_id = r.id
WHERE r.created_at >= (SELECT day FROM since) AND j.status = 'completed' AND j.runner_name IS NOT NULL
GROUP BY month ORDER BY month;
