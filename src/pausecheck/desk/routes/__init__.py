"""The desk's pages, one module per part: compose, history, catalogue, practice, council."""
