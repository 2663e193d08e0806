-- Error lines printed by the failed jobs of a run, with the step that printed them
-- (GLOB, unlike LIKE, minds case: pytest's "FAILED ..." lines, not "Failed to save")
SELECT j.name AS job, s.name AS step, l.content
FROM jobs j
JOIN job_logs l ON l.job_id = j.id
LEFT JOIN steps s ON s.job_id = l.job_id AND s.number = l.step_number
WHERE j.run_id = 9392540670
  AND j.conclusion = 'failure'
  AND (l.level = 'error' OR l.content GLOB 'FAILED *')
ORDER BY j.name, l.line;
