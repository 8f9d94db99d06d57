-- Tidemark sync server, PostgreSQL dialect, migration 15 (issue 14, eleventh session): the unread audit index.
-- audit_log (township, id): no query reads it. The audit page filters the view audit_log_areas, whose
-- township is COALESCE(audit_areas.area_code, audit_log.township), which no index on audit_log.township
-- serves. (SQLite's migration 15 also narrows its person indexes; PostgreSQL keeps them and its queries
-- compare the whole HMAC as before: QueryDialect.hmacPrefix is null here.)
DROP INDEX audit_log_township;
