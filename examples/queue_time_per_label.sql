-- How long jobs wait for a runner, per runs-on label
-- (jobs a runner took: one cancelled while it waited, or skipped, has no runner and
--  would count as 0 s; its started_at is set all the same)
SELECT label.value AS label,
       count(*) AS jobs,
       round(avg(queued_seconds), 1) AS avg_queued_s,
       max(queued_seconds) AS max_queued_s
FROM jobs, json_each(jobs.labels) AS label
WHERE run_id IN (9398595218, 9415518340, 9392540670, 9409677591)
  AND runner_name IS NOT NULL
GROUP BY label.value
ORDER BY avg_queued_s DESC;
