-- Annotations of the failed jobs of the last 10 failed runs: the messages GitHub shows on the run page
WITH failed AS MATERIALIZED (
  SELECT id, display_title FROM runs WHERE conclusion = 'failure' ORDER BY created_at DESC LIMIT 10
)
SELECT f.id AS run_id, f.display_title, j.name AS job, a.annotation_level AS level, a.path, a.start_line, a.message
FROM failed f JOIN jobs j ON j.run_id = f.id JOIN annotations a ON a.job_id = j.id
WHERE j.conclusion = 'failure' AND a.annotation_level = 'failure'
ORDER BY f.id DESC, job, a.path;
