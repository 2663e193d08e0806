-- Flaky jobs: failed on one attempt, passed on the next attempt of the same run
SELECT a.run_id, a.name, a.run_attempt AS failed_attempt, b.run_attempt AS passed_attempt
FROM jobs a
JOIN jobs b ON b.run_id = a.run_id AND b.name = a.name AND b.run_attempt = a.run_attempt + 1
WHERE a.run_id IN (9398595218, 9415518340, 9392540670)
  AND a.conclusion = 'failure' AND b.conclusion = 'success'
ORDER BY a.run_id, a.name;
