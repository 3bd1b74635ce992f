"""FAQ engine: entries as data, pages, and the offline assistant."""
