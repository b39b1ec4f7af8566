"""Read paths of the directory, one module per page family, each with its joins and prefetches."""
