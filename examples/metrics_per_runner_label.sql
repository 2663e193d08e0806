-- Actions performance metrics per runner label (so per OS), last 100 runs: run time, queue time, failure rate
-- (jobs a runner took: a skipped job, or one cancelled before it started, would count as 0 s)
WITH recent AS MATERIALIZED (SELECT id FROM runs ORDER BY created_at DESC LIMIT 100)
SELECT label.value AS label, count(*) AS jobs,
       round(avg(j.duration_seconds), 1) AS avg_run_s,
       round(avg(j.queued_seconds), 1) AS avg_queue_s,
       round(100.0 * avg(j.conclusion = 'failure'), 1) AS failure_pct
FROM jobs j, json_each(j.labels) AS label
WHERE j.run_id IN (SELECT id FROM recent) AND j.status = 'completed' AND j.runner_name IS NOT NULL
GROUP BY label.value ORDER BY avg_queue_s DESC;
