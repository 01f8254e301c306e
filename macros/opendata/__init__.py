"""The open data: the exports (JSON, CSV, the browser's catalog), one file per record, the schemas,
the feeds, the calendars, datapackage.json and SHA256SUMS, all from the ``Portal``; one table of
published files says what each is."""
