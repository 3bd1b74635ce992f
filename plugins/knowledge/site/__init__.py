"""The bilingual blog's content model: pages, front matter, authors, dates, reading
time, translations, listings, feeds and SEO data. Nothing here imports MkDocs."""
