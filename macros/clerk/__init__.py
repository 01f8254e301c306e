"""What clerks and maintainers run: ``python -m macros`` (cli.py: check, new, import, schema,
publish, rollback, vendor), the scaffold of a new record, Word import, safe publishing and the
vendoring of the form's browser libraries."""
