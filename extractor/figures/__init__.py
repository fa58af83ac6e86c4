"""The figures stage: cleaned text → candidate quantities (quantities) → cue and scope words
(words: jieba and spaCy) → typed parameters (the binder) → consistency checks. What it reads
is in data/: the field catalog, the patterns and the domain dictionary."""
