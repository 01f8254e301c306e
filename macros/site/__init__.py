"""The site's pages: the record pages' header and footer, the catalog's generated pages and forms,
the legal library's pages, the gap dashboard, the open-data page, the record form's data, the data
dictionary, the macros of the portal's own pages, and the content-named scripts and stylesheet."""
