"""The legal library: law texts parsed into chapters and articles, the documents of
data/documents.yml, their versions, references to articles, and the review flags (待复核) a record
gets from them. Depends only on ``core``."""
