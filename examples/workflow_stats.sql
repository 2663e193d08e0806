-- Workflow stats: success rate and the duration of successful runs per workflow, over the last 100 runs
-- (as the gh workflow-stats extension reports them; ORDER BY created_at DESC LIMIT reads one page)
WITH recent AS MATERIALIZED (
  SELECT name, status, conclusion, duration_seconds FROM runs ORDER BY created_at DESC LIMIT 100
)
SELECT name AS workflow, count(*) AS runs,
       round(100.0 * sum(conclusion = 'success') / sum(status = 'completed'), 1) AS success_pct,
       round(avg(CASE WHEN conclusion = 'success' THEN duration_seconds END)) AS avg_s,
       median(CASE WHEN conclusion = 'success' THEN duration_seconds END) AS median_s,
       min(CASE WHEN conclusion = 'success' THEN duration_seconds END) AS min_s,
       max(CASE WHEN conclusion = 'success' THEN duration_seconds END) AS max_s
FROM recent
GROUP BY name ORDER BY runs DESC;
