"""What every output needs: the record contract and the typed record class made from it, the
vocabularies, the site's facts, the ``Portal`` with its lookups, validity status, the catalog's facets,
the addresses things are published at, the gap report and the rules shipped to the browser. Depends on
``core`` and ``legal``; no output module is imported by a lower layer."""
