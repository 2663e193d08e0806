-- Re-runs that turned red to green: runs whose first attempt failed and whose latest passed
-- (runs WHERE id = R AND attempt = 1 reads the run as its first attempt left it)
WITH reruns AS MATERIALIZED (
  SELECT id, display_title, head_branch, run_attempt, conclusion
  FROM (SELECT * FROM runs ORDER BY created_at DESC LIMIT 100)
  WHERE run_attempt > 1 AND conclusion = 'success'
)
SELECT r.id, r.head_branch, r.display_title, first.conclusion AS attempt_1, r.run_attempt AS attempts, r.conclusion AS latest
FROM reruns r JOIN runs first ON first.id = r.id AND first.attempt = 1
WHERE first.conclusion = 'failure'
ORDER BY r.id DESC;
