-- Flaky jobs: failed on one attempt, passed on the next attempt of the same run
-- (each run is read once, every attempt at a time; the join then runs in SQLite)
WITH attempts AS MATERIALIZED (
  SELECT run_id, name, run_attempt, conclusion
  FROM jobs
  WHERE run_id IN (9398595218, 9415518340, 9392540670)
)
SELECT a.run_id, a.name, a.run_attempt AS failed_attempt, b.run_attempt AS passed_attempt
FROM attempts a
JOIN attempts b ON b.run_id = a.run_id AND b.name = a.name AND b.run_attempt = a.run_attempt + 1
WHERE a.conclusion = 'failure' AND b.conclusion = 'success'
ORDER BY a.run_id, a.name;
