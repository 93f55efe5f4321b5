"""English and Japanese text as the pipeline cuts it: into full-text search terms (terms) and
into sentences (sentences), for chunk boundaries and quotes alike. Imports nothing else of the core."""
