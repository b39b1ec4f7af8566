"""Views of the directory, one module per journey (home, directory, pages, evaluate, verify...)."""
