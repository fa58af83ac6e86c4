"""The reading stages: raw text → cleaned text with offsets (clean, layout) → section tree
(sections) → metadata (metadata, docnumber, regions). Their vocabulary is data/reading.toml."""
