-- Weekly access review (COMPLIANCE C8, C9): every read of a call recording and every Amazon
-- Transcribe job started in the account between two instants, oldest first, from the CloudTrail
-- records. Four execution parameters, ISO 8601 UTC: window start, window end, window start, window
-- end (Athena takes placeholders in WHERE clauses only, so each branch has its own pair). CloudTrail
-- writes a job's media URI as an empty string, so media_uri stays null until it records one.
SELECT kind, event_time, principal_arn, action, subject, media_uri, outcome
FROM (
  SELECT
    'recording-read' AS kind,
    from_iso8601_timestamp(eventtime) AS event_time,
    useridentity.arn AS principal_arn,
    eventname AS action,
    json_extract_scalar(requestparameters, '$.key') AS subject,
    CAST(NULL AS varchar) AS media_uri,
    coalesce(errorcode, 'OK') AS outcome
  FROM cloudtrail_logs
  WHERE eventsource = 's3.amazonaws.com'
    AND eventname IN ('GetObject', 'HeadObject', 'GetObjectAttributes', 'RestoreObject', 'SelectObjectContent')
    AND json_extract_scalar(requestparameters, '$.key') LIKE 'connect/%'
    AND from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp(?)
    AND from_iso8601_timestamp(eventtime) < from_iso8601_timestamp(?)
  UNION ALL
  SELECT
    'transcription-job' AS kind,
    from_iso8601_timestamp(eventtime) AS event_time,
    useridentity.arn AS principal_arn,
    eventname AS action,
    coalesce(
      json_extract_scalar(requestparameters, '$.transcriptionJobName'),
      json_extract_scalar(requestparameters, '$.callAnalyticsJobName'),
      json_extract_scalar(requestparameters, '$.medicalTranscriptionJobName'),
      json_extract_scalar(requestparameters, '$.medicalScribeJobName')
    ) AS subject,
    nullif(json_extract_scalar(requestparameters, '$.media.mediaFileUri'), '') AS media_uri,
    coalesce(errorcode, 'OK') AS outcome
  FROM cloudtrail_logs
  WHERE eventsource = 'transcribe.amazonaws.com'
    AND eventname IN (
      'StartTranscriptionJob', 'StartCallAnalyticsJob', 'StartMedicalTranscriptionJob', 'StartMedicalScribeJob'
    )
    AND from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp(?)
    AND from_iso8601_timestamp(eventtime) < from_iso8601_timestamp(?)
) AS trail
ORDER BY event_time, kind, principal_arn
