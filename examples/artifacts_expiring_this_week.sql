-- Artifacts that expire this week: download what you need to keep
-- ("this week": the 7 days after the newest upload, so that the demo's frozen data answers too;
--  on a live repository write datetime('now') instead)
WITH now AS (SELECT max(created_at) AS t FROM artifacts)
SELECT name, run_id, head_branch, expires_at, round(size_in_bytes / 1024.0, 1) AS kib
FROM artifacts
WHERE expired = 0
  AND expires_at >= (SELECT t FROM now)
  AND expires_at < datetime((SELECT t FROM now), '+7 days')
ORDER BY expires_at, name;
