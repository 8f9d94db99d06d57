-- Relief hand-outs by the household they went to (issue 14): the double hand-out check reads the
-- hand-outs of the households a push touched through this index, not every hand-out of a township.
CREATE INDEX records_relief_household ON records (json_extract(fields, '$.householdId')) WHERE entity = 'relief';
