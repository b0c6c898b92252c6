"""Charts: one style, one matrix view, the plots, and charts replayed from a cache."""
