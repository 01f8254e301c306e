"""The one loader and its checks: every file in data/ (vocabularies, site, documents and their texts,
the contract, the search vocabulary), every department record (docs/policies/**), the repository's
history; the result is a frozen ``Portal`` (model/portal.py) or one ``ContentError`` with every
problem located in its file."""
