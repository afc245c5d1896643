"""Triple stores: the one HTTP client, store presets, publishing and its verification."""
