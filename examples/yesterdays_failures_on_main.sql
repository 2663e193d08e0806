-- Error lines and annotations of yesterday's failures on main
-- ("yesterday": the day before the newest run on main, so that the demo's frozen data answers too;
--  on a live repository write date('now', '-1 day') instead)
WITH day AS (
  SELECT date(created_at, '-1 day') AS d FROM runs WHERE head_branch = 'main' ORDER BY created_at DESC LIMIT 1
),
failed AS MATERIALIZED (
  SELECT j.id, j.name, r.name AS workflow, r.id AS run_id
  FROM runs r JOIN jobs j ON j.run_id = r.id
  WHERE r.head_branch = 'main' AND r.conclusion = 'failure'
    AND r.created_at >= (SELECT d FROM day) AND r.created_at < date((SELECT d FROM day), '+1 day')
    AND j.conclusion = 'failure'
)
SELECT f.workflow, f.run_id, f.name AS job, 'log line ' || l.line AS place, l.content AS message
FROM failed f JOIN job_logs l ON l.job_id = f.id
WHERE l.level = 'error'
UNION ALL
SELECT f.workflow, f.run_id, f.name, a.path || ':' || a.start_line, a.message
FROM failed f JOIN annotations a ON a.job_id = f.id
WHERE a.annotation_level = 'failure'
ORDER BY 1, 2, 3, 4;
