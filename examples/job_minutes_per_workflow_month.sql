-- Job minutes per workflow per month (what a bill counts: every job's run time, re-runs included)
-- over the three months up to the newest run
WITH since AS (SELECT date(created_at, 'start of month', '-2 months') AS day FROM runs ORDER BY created_at DESC LIMIT 1)
SELECT strftime('%Y-%m', r.created_at) AS month, r.name AS workflow, count(j.id) AS jobs,
       round(sum(j.duration_seconds) / 60.0, 1) AS job_minutes
FROM runs r JOIN jobs j ON j.run_id = r.id
WHERE r.created_at >= (SELECT day FROM since) AND j.status = 'completed'
GROUP BY month, workflow ORDER BY month, workflow;
