"""The portal's own search: documents from the records and pages, Chinese segmentation, the sharded
index the browser queries (assets/js/search.js), and the worker processes that count its words."""
