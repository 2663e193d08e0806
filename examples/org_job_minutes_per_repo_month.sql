-- Job minutes per repository per month across the organization, over the last three months
-- Every job's run time, re-runs included (what runners spent; GitHub bills hosted runners
-- only, each job rounded up to the minute). The jobs come through the join, which carries
-- each run's repository: one request per run (a page per 100 jobs), so mind the window;
-- the demo's three months cost about 490 requests. On a live organization write
-- date('now', 'start of month', '-2 months'). Adapt 'octo-org' (twice) and '-2 months'.
WITH since AS (
  SELECT date(max(pushed_at), 'start of month', '-2 months') AS day FROM repos WHERE owner = 'octo-org'
)
SELECT r.repo, strftime('%Y-%m', r.created_at) AS month, count(j.id) AS jobs,
       round(sum(j.duration_seconds) / 60.0, 1) AS job_minutes
FROM runs r JOIN jobs j ON j.owner = r.owner AND j.repo = r.repo AND j.run_id = r.id
WHERE r.owner = 'octo-org' AND r.created_at >= (SELECT day FROM since) AND j.status = 'completed'
GROUP BY r.repo, month
ORDER BY r.repo, month;
