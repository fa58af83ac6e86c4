"""The corpus side of mednotice: a store of extracted notices (SQLite or PostgreSQL), batch
ingest, corrections, exports, comparisons and the views the app shows. It sits on top of
:mod:`extractor`, which reads one file into one record; ``samples/`` holds the bundled notices."""
