-- Recording access audit (COMPLIANCE C8): who read or deleted which call recording, from the
-- CloudTrail S3 data events on the recording vault, newest first.
SELECT
  from_iso8601_timestamp(eventtime) AS event_time,
  useridentity.arn AS principal_arn,
  eventname AS action,
  json_extract_scalar(requestparameters, '$.key') AS recording_key,
  sourceipaddress AS source_ip,
  coalesce(errorcode, 'OK') AS outcome
FROM cloudtrail_logs
WHERE eventsource = 's3.amazonaws.com'
  AND eventname IN ('GetObject', 'HeadObject', 'GetObjectAttributes', 'RestoreObject', 'DeleteObject')
  AND json_extract_scalar(requestparameters, '$.key') LIKE 'connect/%'
ORDER BY event_time DESC, principal_arn
